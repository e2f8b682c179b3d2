import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..', '..');

/** index.js must expose exactly what package.json's n8n section lists (it cannot read it at run time). */
it('index.js requires every node and credential package.json lists, and nothing else', () => {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const entry = readFileSync(join(root, 'index.js'), 'utf8');
	const required = [...entry.matchAll(/require\('\.\/(dist\/[^']+)'\)/g)].map((match) => match[1]);
	expect(required.sort()).toEqual([...manifest.n8n.credentials, ...manifest.n8n.nodes].sort());
});

it('the package has no runtime dependencies and only n8n-workflow as a peer', () => {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	expect(manifest.dependencies).toBeUndefined();
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.scripts.prepare).toBeUndefined();
	expect(manifest.scripts.postinstall).toBeUndefined();
});
