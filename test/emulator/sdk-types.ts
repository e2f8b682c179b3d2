/**
 * Deepgram's own published answer types (its SDK, a dev dependency: types only), with what
 * Deepgram sends beyond them. The emulator's answer builders are typed with these, so
 * `npm run typecheck` fails when an answer drifts from Deepgram's description of it.
 */
import type {
	BillingBreakdownV1Response,
	ListenV1Response,
	ReadV1Response,
	UsageBreakdownV1Response,
} from '@deepgram/sdk';

/** Deepgram echoes `extra` in the metadata (deepgram-api.md §3); the SDK type leaves it out. */
export type ListenAnswer = ListenV1Response & {
	metadata: { extra?: Record<string, string> };
};
export type ListenMetadata = ListenAnswer['metadata'];
export type ListenResults = ListenAnswer['results'];
export type ListenChannel = ListenResults['channels'][number] & {
	/** Sent with `detected_language` (deepgram-api.md §4); not in the SDK type. */
	language_confidence?: number;
};
export type ListenAlternative = NonNullable<ListenChannel['alternatives']>[number];
export type ListenUtterance = NonNullable<ListenResults['utterances']>[number];

/**
 * A grouping key the breakdown is not grouped by is `null` on the wire (the SDK's own comment:
 * "null unless grouped by tags"), where the SDK types it as optional; every key is sent.
 */
type Grouping<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

type UsageRow = UsageBreakdownV1Response.Results.Item;
export type UsageBreakdownAnswer = Omit<UsageBreakdownV1Response, 'results'> & {
	results: Array<Omit<UsageRow, 'grouping'> & { grouping: Grouping<UsageRow['grouping']> }>;
};
type BillingRow = BillingBreakdownV1Response.Results.Item;
export type BillingBreakdownAnswer = Omit<BillingBreakdownV1Response, 'results'> & {
	results: Array<Omit<BillingRow, 'grouping'> & { grouping: Grouping<BillingRow['grouping']> }>;
};

export type ReadAnswer = ReadV1Response;
