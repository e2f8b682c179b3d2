/** The trigger's Verification choices. */
export const VERIFY_WITH_CREDENTIAL = 'credential';
export const VERIFY_NONE = 'none';
export type VerificationChoice = typeof VERIFY_WITH_CREDENTIAL | typeof VERIFY_NONE;
