import {
	callbackChecks,
	type CallbackSecurity,
	type VerificationMethod,
} from '../shared/callbackSecurity';
import type { DeepgramCredentials } from '../shared/types';

export const VERIFY_WITH_CREDENTIAL = 'credential';
export const VERIFY_NONE = 'none';
export type VerificationChoice = typeof VERIFY_WITH_CREDENTIAL | typeof VERIFY_NONE;

export type VerificationPlan =
	| { ok: true; methods: VerificationMethod[]; security: CallbackSecurity }
	| { ok: false; reason: string };

/**
 * The checks every delivery must pass: each method the credential configures, plus dg-token
 * when asked for. A configuration that would check nothing rejects everything (fail closed)
 * unless the user chose None.
 */
export function planVerification(options: {
	choice: VerificationChoice;
	checkDgToken: boolean;
	credentials?: DeepgramCredentials;
	/** The identifier looked up on activation, when it still belongs to the credential's key. */
	lookedUpKeyId?: string;
}): VerificationPlan {
	if (options.choice === VERIFY_NONE) return { ok: true, methods: [], security: {} };
	if (!options.credentials) {
		return {
			ok: false,
			reason: 'the node has no Deepgram API credential to verify callbacks with',
		};
	}
	const checks = callbackChecks(options.credentials, options);
	if (checks.ok) return checks;
	return {
		ok: false,
		reason:
			checks.missing === 'apiKeyId'
				? 'the API key identifier for the dg-token check is unknown: deactivate and activate the workflow so the node can look it up, or set API Key ID in the Deepgram API credential'
				: 'the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there, or choose Verification: None (Insecure) in the trigger',
	};
}
