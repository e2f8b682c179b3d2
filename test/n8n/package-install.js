// @ts-check
'use strict';
/**
 * Packing this repo and installing the tarball into an n8n user folder the way n8n 2.41's
 * community-packages service does (CommunityPackagesService.downloadPackage): unpack into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, drop devDependencies/peerDependencies/
 * optionalDependencies from its package.json (so n8n-workflow is never installed: n8n provides
 * it), `npm install` only the runtime dependencies with scripts off, and record the package in
 * `<userFolder>/.n8n/nodes/package.json`. n8n then finds it at startup (it scans
 * `nodes/node_modules/n8n-nodes-*`) and names its node types `<package-name>.<nodeName>`.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Checks that the package is built: `dist/` exists and holds every file package.json's `n8n`
 * section lists. Throws with what to run otherwise.
 * @param {string} [repoRoot]
 */
function assertBuilt(repoRoot = REPO_ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const dist = path.join(repoRoot, 'dist');
	if (!fs.existsSync(dist)) {
		throw new Error(`${dist} does not exist: build the package first with \`npm run build\``);
	}
	const listed = [...(pkg.n8n?.credentials ?? []), ...(pkg.n8n?.nodes ?? [])];
	const missing = listed.filter((/** @type {string} */ file) => !fs.existsSync(path.join(repoRoot, file)));
	if (missing.length > 0) {
		throw new Error(`package.json lists files the build did not produce (run \`npm run build\`): ${missing.join(', ')}`);
	}
}

/**
 * `npm pack` of the built repo into a new temp folder; returns the tarball's path.
 * @param {{ repoRoot?: string, destination?: string }} [options]
 * @returns {string}
 */
function packPackage({ repoRoot = REPO_ROOT, destination } = {}) {
	assertBuilt(repoRoot);
	const dest = destination ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dg-n8n-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		cwd: repoRoot,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(out);
	const tarball = path.join(dest, path.basename(filename));
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return tarball;
}

/**
 * Reads package.json out of a package tarball.
 * @param {string} tarball
 * @returns {{ name: string, version: string, dependencies?: Record<string, string> } & Record<string, any>}
 */
function readTarballPackageJson(tarball) {
	return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` as n8n's community-node installer
 * does (replacing an earlier install of the same package). Returns the package name and folder.
 * @param {string} tarball
 * @param {string} userFolder N8N_USER_FOLDER
 * @returns {{ name: string, version: string, packageDir: string }}
 */
function installPackage(tarball, userFolder) {
	const { name, version } = readTarballPackageJson(tarball);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', ...name.split('/'));
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', packageDir, '--strip-components=1']);

	const packageJsonPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		fs.readFileSync(packageJsonPath, 'utf8'),
	);
	fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
	if (packageJson.dependencies && Object.keys(packageJson.dependencies).length > 0) {
		// The flags n8n 2.41 passes; a package without runtime dependencies skips this step.
		execFileSync(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
		);
	}

	const ledgerPath = path.join(nodesDir, 'package.json');
	/** @type {{ name: string, private: boolean, dependencies: Record<string, string> }} */
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		const existing = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
		if (existing && typeof existing.dependencies === 'object') ledger = existing;
	} catch {
		/* first install */
	}
	ledger.dependencies[name] = version;
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return { name, version, packageDir };
}

module.exports = { REPO_ROOT, assertBuilt, packPackage, readTarballPackageJson, installPackage };
