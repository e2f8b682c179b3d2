/**
 * Smoke test against a real n8n 2.41.1: pack the built package, install it the way n8n installs
 * community packages, start n8n once, and check that n8n lists every credential and node the
 * package declares (read from package.json, so the test grows with the package) with no load
 * error in its log. Needs `npm run build` first.
 */
import { readFileSync, rmSync } from 'fs';
import { dirname, join } from 'path';
import { listCredentialTypes, listNodeTypes, loadErrors, packPackage, REPO_ROOT, startN8n } from '../n8n/server';

const { startEmulator } = require('../emulator');

type N8n = Awaited<ReturnType<typeof startN8n>>;
type Described = { name: string; displayName: string; iconUrl?: unknown; properties?: Array<{ name: string }> };

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The classes a `dist/...js` path in package.json exports, instantiated (what n8n loads from the tarball). */
function builtInstances(distPaths: string[]): Array<Record<string, any>> {
	return distPaths.map((distPath) => {
		const exported = require(join(REPO_ROOT, distPath)) as Record<string, new () => Record<string, any>>;
		const Class = Object.values(exported).find((value) => typeof value === 'function');
		if (!Class) throw new Error(`${distPath} exports no class`);
		return new Class();
	});
}

/** `iconUrl` as n8n serves it: a string, or `{ light, dark }`. */
function iconUrls(type: Described): string[] {
	const { iconUrl } = type;
	if (typeof iconUrl === 'string') return [iconUrl];
	if (iconUrl && typeof iconUrl === 'object') return Object.values(iconUrl).filter((u): u is string => typeof u === 'string');
	return [];
}

describe('the package in a real n8n 2.41.1', () => {
	let n8n: N8n | undefined;
	let cookie = '';
	let nodeTypes: Described[] = [];
	let credentialTypes: Described[] = [];
	let tarball: string | undefined;
	let emulator: { baseUrl: string; stop(): Promise<void> } | undefined;

	beforeAll(async () => {
		tarball = packPackage();
		n8n = await startN8n({ tarball });
		cookie = (await n8n.setupOwner()).cookie;
		[nodeTypes, credentialTypes] = await Promise.all([
			listNodeTypes(n8n.baseUrl, cookie),
			listCredentialTypes(n8n.baseUrl, cookie),
		]);
	}, 900_000); // a cold machine first installs Node 24 and n8n (about 4 minutes)

	afterAll(async () => {
		await n8n?.stop();
		await emulator?.stop();
		if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
	});

	const logTail = () => (n8n ? `\n--- n8n log tail ---\n${n8n.log().split('\n').slice(-60).join('\n')}` : '');

	it('logs no node or credential load error', () => {
		const errors = loadErrors(n8n!.log());
		if (errors.length > 0) throw new Error(`load errors in the n8n log:\n${errors.join('\n')}${logTail()}`);
	});

	it('lists the deepgramApi credential type (credential types are not package-prefixed)', () => {
		expect(credentialTypes.map((c) => c.name)).toContain('deepgramApi');
	});

	it('lists every credential in package.json with the fields it declares', () => {
		for (const credential of builtInstances(manifest.n8n.credentials)) {
			const listed = credentialTypes.find((c) => c.name === credential.name);
			if (!listed) throw new Error(`n8n does not list credential type ${credential.name}${logTail()}`);
			expect(listed.displayName).toBe(credential.displayName);
			// n8n 2.41 appends fields of its own (allowedHttpRequestDomains, allowedDomains) to every credential.
			const declared = (credential.properties as Array<{ name: string }>).map((p) => p.name);
			const served = (listed.properties ?? []).map((p) => p.name).filter((name) => declared.includes(name));
			expect(served).toEqual(declared);
		}
	});

	it('lists exactly the nodes in package.json, as <package>.<nodeName> (plus <nodeName>Tool for AI agents)', () => {
		// n8n 2.41 also lists a `<nodeName>Tool` variant of every node marked usableAsTool.
		const expected = builtInstances(manifest.n8n.nodes).flatMap((node) => {
			const name = `${manifest.name}.${node.description.name}`;
			return node.description.usableAsTool ? [name, `${name}Tool`] : [name];
		});
		const listed = [...new Set(nodeTypes.map((t) => t.name).filter((name) => name.startsWith(`${manifest.name}.`)))];
		for (const name of expected) {
			if (!listed.includes(name)) throw new Error(`n8n does not list node type ${name}${logTail()}`);
		}
		expect(listed.sort()).toEqual([...expected].sort());
	});

	it('serves the icons of our nodes and credentials', async () => {
		const ours = [
			...nodeTypes.filter((t) => t.name.startsWith(`${manifest.name}.`)),
			...credentialTypes.filter((c) => builtInstances(manifest.n8n.credentials).some((i) => i.name === c.name)),
		];
		const missing: string[] = [];
		for (const type of ours) {
			for (const url of iconUrls(type)) {
				const res = await fetch(new URL(url, `${n8n!.baseUrl}/`), { headers: { cookie } });
				if (res.status !== 200) missing.push(`${type.name}: ${url} -> ${res.status}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('tests the credential against Deepgram (the emulator) and shows Deepgram’s message on failure', async () => {
		emulator = await startEmulator({});
		const rest = async (path: string, body: unknown) => {
			const res = await fetch(new URL(path, `${n8n!.baseUrl}/`), {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(body),
			});
			expect(res.status).toBe(200);
			return ((await res.json()) as { data: Record<string, string> }).data;
		};
		const data = (apiKey: string) => ({ apiKey, baseUrl: 'custom', customBaseUrl: emulator!.baseUrl });
		const created = await rest('/rest/credentials', { name: 'Deepgram', type: 'deepgramApi', data: data('dg-key-1') });
		const test = (apiKey: string) =>
			rest('/rest/credentials/test', {
				credentials: { id: created.id, name: 'Deepgram', type: 'deepgramApi', data: data(apiKey) },
			});

		expect(await test('dg-key-1')).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await test('not-a-key')).toEqual({
			status: 'Error',
			message:
				'Deepgram 401 [INVALID_AUTH]: Invalid credentials. Check the API key: it may be mistyped, deleted or expired.',
		});
	});
});
