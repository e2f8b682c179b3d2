import { readFileSync } from 'fs';
import { join } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

export const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_NAME = manifest.name;

/** `dist/nodes/X/Y.node.js` in package.json → the class exported by `nodes/X/Y.node.ts`. */
function loadClasses<T>(distPaths: string[]): T[] {
	return distPaths.map((distPath) => {
		const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, ''));
		const exported = require(source) as Record<string, new () => T>;
		const [Class] = Object.values(exported);
		return new Class();
	});
}

/** The package's nodes and credentials, found the way n8n finds them: through package.json. */
export function packageNodes(): INodeType[] {
	return loadClasses<INodeType>(manifest.n8n.nodes);
}

export function packageCredentials(): ICredentialType[] {
	return loadClasses<ICredentialType>(manifest.n8n.credentials);
}
