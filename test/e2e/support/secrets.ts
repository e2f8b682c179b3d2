/** Every form a secret could leak in: plain, URL-encoded (three ways), JSON-escaped, base64. */
import type { Secrets, Stack } from './stack';

export interface SecretForm {
	label: string;
	value: string;
}

function encodings(label: string, secret: string): SecretForm[] {
	const userinfo = new URL('http://host/');
	userinfo.password = secret; // the URL parser's own userinfo encoding
	const forms = [
		{ label: `${label} (plain)`, value: secret },
		{ label: `${label} (encodeURIComponent)`, value: encodeURIComponent(secret) },
		{
			label: `${label} (form-encoded)`,
			value: new URLSearchParams({ s: secret }).toString().slice(2),
		},
		{ label: `${label} (URL userinfo)`, value: userinfo.password },
		{ label: `${label} (JSON-escaped)`, value: JSON.stringify(secret).slice(1, -1) },
		{ label: `${label} (base64)`, value: Buffer.from(secret).toString('base64') },
	];
	return forms.filter((form, i) => forms.findIndex((f) => f.value === form.value) === i);
}

export function secretForms(secrets: Secrets): SecretForm[] {
	const basic = `${secrets.callbackUser}:${secrets.callbackPassword}`;
	return [
		...encodings('Deepgram API key', secrets.deepgramApiKey),
		...encodings('callback secret', secrets.callbackSecret),
		...encodings('callback Basic Auth password', secrets.callbackPassword),
		...encodings('n8n API key', secrets.n8nApiKey),
		{ label: 'Basic Auth user:password (base64)', value: Buffer.from(basic).toString('base64') },
		{
			label: 'Basic Auth user:password (URL userinfo)',
			value: `${encodeURIComponent(secrets.callbackUser)}:${encodeURIComponent(secrets.callbackPassword)}@`,
		},
	];
}

/** The labels of the secret forms `text` contains. */
export function leakedSecrets(text: string, forms: SecretForm[]): string[] {
	return forms.filter((form) => text.includes(form.value)).map((form) => form.label);
}

/** The secret forms found in n8n's log, the CLI outputs and the executions of `workflowIds`. */
export async function secretLeaks(stack: Stack, workflowIds: readonly string[]) {
	const executions = await Promise.all(
		workflowIds.map((id) => stack.api.executions(id, { includeData: true })),
	);
	const forms = secretForms(stack.secrets);
	return {
		log: leakedSecrets(stack.n8n.log(), forms),
		cli: leakedSecrets(stack.cliOutput.join('\n'), forms),
		executions: leakedSecrets(JSON.stringify(executions), forms),
	};
}
