/**
 * What a user does in n8n 2.41's editor, as the UI suite does it: through the page only, by the
 * `data-test-id`s n8n puts on its own elements and the labels users read.
 */
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 30_000;

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
	await page.getByTestId('password').locator('input').fill(password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

export async function openNewWorkflow(page: Page, baseUrl: string) {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor();
}

/** The node panel's search for `search`; the names it lists. */
export async function searchNodes(page: Page, search: string): Promise<string[]> {
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill(search);
	const names = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
	// The panel first lists the triggers; the search's results replace them.
	await names.filter({ hasText: search }).first().waitFor();
	return (await names.allInnerTexts()).map((name) => name.trim());
}

/**
 * Adds a node listed by the last search. A community node opens its details first ("Add to
 * workflow"); one with several actions lists them (`action`, e.g. "Get usage per tag").
 */
export async function addListedNode(page: Page, name: string, action?: string) {
	const creator = page.getByTestId('node-creator');
	await creator.getByTestId('node-creator-item-name').getByText(name, { exact: true }).click();
	if (action) await creator.getByText(action, { exact: true }).click();
	else await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.getByTestId('ndv').getByTestId('node-parameters').waitFor();
}

const parameters = (page: Page) => page.getByTestId('ndv').getByTestId('node-parameters');

/** The parameters the open node shows, in order (names, as in the node's description). */
export async function shownParameters(page: Page): Promise<string[]> {
	return await parameters(page)
		.locator('[data-test-id^="parameter-input-"]:visible')
		.evaluateAll((elements) =>
			elements
				.map((e) => e.getAttribute('data-test-id')!.slice('parameter-input-'.length))
				// Inner fields of an input carry the same prefix with generic names.
				.filter((name) => name !== 'field'),
		);
}

/** The notices the open node shows. */
export async function shownNotices(page: Page): Promise<string[]> {
	return await parameters(page).locator('[role="region"]:visible').allInnerTexts();
}

export async function chooseOption(page: Page, parameter: string, option: string | RegExp) {
	await parameters(page).getByTestId(`parameter-input-${parameter}`).click();
	await page.getByRole('option', { name: option }).click();
}

export async function fillParameter(scope: Page | Locator, parameter: string, value: string) {
	const input = scope.getByTestId(`parameter-input-${parameter}`).locator('input, textarea');
	await input.first().fill(value);
}

/**
 * "Execute step" of the open node, and the output panel's text once it shows this run's result
 * (the panel keeps the previous run's until then, so the text must change).
 */
export async function executeStep(page: Page): Promise<string> {
	const output = page.getByTestId('ndv').getByTestId('output-panel');
	const before = await output.innerText();
	await page.getByTestId('ndv').getByTestId('node-execute-button').click();
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	for (;;) {
		const text = await output.innerText();
		if (text !== before && /\d+ items?|Error details|Problem in node/.test(text)) return text;
		if (Date.now() > deadline) throw new Error(`the step showed no new result within ${STEP_TIMEOUT_MS} ms:\n${text}`);
		await page.waitForTimeout(200);
	}
}

/** The output panel as JSON (the view that shows every field in full). */
export async function outputJson(page: Page): Promise<string> {
	const output = page.getByTestId('ndv').getByTestId('output-panel');
	await output.getByTestId('radio-button-json').click();
	// The view re-renders after the click; its text is complete once the items' JSON is there.
	for (let tries = 0; ; tries += 1) {
		const text = await output.innerText();
		if (/^\s*\[/m.test(text) || tries === 50) return text;
		await page.waitForTimeout(200);
	}
}

/** Opens a node of the canvas by its name (a double click, as users do). */
export async function openNode(page: Page, name: string) {
	await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
	await page.getByTestId('ndv').getByTestId('node-parameters').waitFor();
}

/** Picks a credential already saved, by name, in the open node. */
export async function selectCredential(page: Page, name: string) {
	await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
	await page
		.locator('[data-test-id^="node-credentials-select-item-"]')
		.getByText(name, { exact: true })
		.click();
}

export async function closeNode(page: Page) {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** The credential modal ("Create new credential" from the open node, or the pencil beside it). */
export function credentialModal(page: Page) {
	const modal = page.getByTestId('editCredential-modal');
	return {
		modal,
		async openNew() {
			await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			await modal.waitFor();
		},
		async openSelected() {
			await page.getByTestId('ndv').getByTestId('credential-edit-button').click();
			await modal.waitFor();
		},
		async fill(values: { apiKey?: string; customBaseUrl?: string }) {
			if (values.apiKey !== undefined) await fillParameter(modal, 'apiKey', values.apiKey);
			if (values.customBaseUrl !== undefined) {
				await modal.getByTestId('parameter-input-baseUrl').click();
				await page.getByRole('option', { name: /^Custom/ }).click();
				await fillParameter(modal, 'customBaseUrl', values.customBaseUrl);
			}
		},
		async save() {
			await modal.getByTestId('credential-save-button').click();
		},
		/**
		 * The connection test's banner once it says `outcome` (after a save the previous banner
		 * stays until the new test answers), with the failure's details opened.
		 */
		async testResult(outcome: 'passed' | 'failed'): Promise<string> {
			const banner = outcome === 'passed' ? 'Connection tested successfully' : 'Couldn’t connect';
			await modal.getByText(banner).first().waitFor({ timeout: STEP_TIMEOUT_MS });
			const details = modal.getByText('More details');
			if (await details.isVisible()) await details.click();
			return await modal.getByTestId('node-credentials-config-container').innerText();
		},
		/** Closes the modal (Escape also closes the node behind it). */
		async close() {
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden' });
		},
	};
}
