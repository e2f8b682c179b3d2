/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser of its own): launch
 * with the flags this machine's closed network needs, a record of what the browser reported as an
 * error, and screenshots per step under .tmp/ui/<suite>/ (and, for `npm run pictures`, the README's
 * pictures under docs/pictures/).
 */
import { copyFileSync, mkdirSync, rmSync } from 'fs';
import { join } from 'path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { runInstallScript } from '../../n8n/install-script';

const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Where `npm run pictures` puts the README's pictures. */
export const PICTURES_DIR = join(REPO_ROOT, 'docs', 'pictures');
const UPDATE_PICTURES = process.env.DG_UPDATE_PICTURES === '1';

/** Installs Chromium from Debian's packages when missing (progress on stderr); its path. */
function ensureChromium(): string {
	return runInstallScript(join(__dirname, 'install-chromium.sh'), ['CHROMIUM']).CHROMIUM;
}

/** What the browser reported: console errors, uncaught page errors, failed n8n REST calls. */
export interface BrowserProblem {
	kind: 'console' | 'pageerror' | 'response';
	text: string;
}

export interface EditorBrowser {
	browser: Browser;
	problems: BrowserProblem[];
	/** A new tab on n8n, with its problems recorded. */
	newPage(): Promise<Page>;
	/** Saves the page as .tmp/ui/<suite>/<NN>-<name>.png; `picture` also names a README picture. */
	shot(page: Page, name: string, picture?: string): Promise<string>;
	close(): Promise<void>;
}

export async function launchEditorBrowser(suite: string): Promise<EditorBrowser> {
	const executablePath = ensureChromium();
	// n8n marks its elements with data-test-id (not playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath,
		// Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const problems: BrowserProblem[] = [];
	const shotsDir = join(REPO_ROOT, '.tmp', 'ui', suite);
	rmSync(shotsDir, { recursive: true, force: true });
	mkdirSync(shotsDir, { recursive: true });
	let shots = 0;

	return {
		browser,
		problems,
		async newPage() {
			const page = await context.newPage();
			page.on('console', (message) => {
				if (message.type() === 'error') {
					const { url } = message.location();
					problems.push({ kind: 'console', text: `${message.text()} (${url})` });
				}
			});
			page.on('pageerror', (error) =>
				problems.push({ kind: 'pageerror', text: `${error.message}\n${error.stack ?? ''}` }),
			);
			page.on('response', (response) => {
				const url = new URL(response.url());
				if (url.pathname.startsWith('/rest/') && response.status() >= 400) {
					problems.push({
						kind: 'response',
						text: `${response.request().method()} ${url.pathname}${url.search} → ${response.status()}`,
					});
				}
			});
			return page;
		},
		async shot(page, name, picture) {
			shots += 1;
			const file = join(shotsDir, `${String(shots).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			if (picture && UPDATE_PICTURES) {
				mkdirSync(PICTURES_DIR, { recursive: true });
				copyFileSync(file, join(PICTURES_DIR, `${picture}.png`));
			}
			return file;
		},
		async close() {
			await browser.close();
		},
	};
}
