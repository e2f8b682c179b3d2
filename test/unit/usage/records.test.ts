import {
	summarizeRecord,
	unwrapRequestRecord,
} from '../../../nodes/Deepgram/usage/helpers/records';

const ID = '1ef3b141-68af-4a3e-80c3-ee1f6ef05a35';

/** The JS/Python/Go SDK shape (deepgram-api.md §6). */
const sdkRecord = {
	request_id: ID,
	project_uuid: 'proj-1',
	created: '2025-03-01T10:00:00.000Z',
	path: '/v1/listen?tag=a&callback=https%3A%2F%2Fuser%3Apw%40hooks.example.com%2Fdg&extra=callback_secret%3As3cr3t',
	api_key_id: 'key-id-1',
	response: {
		code: 200,
		completed: '2025-03-01T10:00:02.000Z',
		details: {
			usd: 0.0045,
			duration: 30.5,
			total_audio: 30.5,
			channels: 1,
			streams: 1,
			models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
			method: 'async',
			tags: ['a', 'keytag'],
			features: ['punctuate'],
			config: { callback: 'https://user:pw@hooks.example.com/dg', tag: ['a'] },
		},
	},
	callback: { attempts: 11, code: 500, completed: '2025-03-01T10:05:02.000Z' },
};

/** The 2026 OpenAPI shape: code and deployment on top, callback as the URL, response opaque. */
const specRecord = {
	request_id: ID,
	project_uuid: 'proj-1',
	created: '2025-03-01T10:00:00.000Z',
	path: '/v1/listen?tag=a&tag=team%20b&callback=https%3A%2F%2Fuser%3Apw%40hooks.example.com%2Fdg',
	api_key_id: 'key-id-1',
	response: {},
	code: 200,
	deployment: 'hosted',
	callback: 'https://user:pw@hooks.example.com/dg',
};

describe('summarizeRecord', () => {
	test('SDK shape: details, tags with key tags, callback delivery that failed', () => {
		expect(summarizeRecord(sdkRecord)).toStrictEqual({
			request_id: ID,
			created: '2025-03-01T10:00:00.000Z',
			completed: '2025-03-01T10:00:02.000Z',
			api_key_id: 'key-id-1',
			deployment: null,
			method: 'async',
			code: 200,
			message: null,
			tags: ['a', 'keytag'],
			duration: 30.5,
			channels: 1,
			models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
			features: ['punctuate'],
			usd: 0.0045,
			callback: {
				url: 'https://hooks.example.com/dg',
				attempts: 11,
				code: 500,
				completed: '2025-03-01T10:05:02.000Z',
				delivered: false,
			},
		});
	});

	test('spec shape: code on top, tags from the path, callback URL without user info', () => {
		expect(summarizeRecord(specRecord)).toStrictEqual({
			request_id: ID,
			created: '2025-03-01T10:00:00.000Z',
			completed: null,
			api_key_id: 'key-id-1',
			deployment: 'hosted',
			method: null,
			code: 200,
			message: null,
			tags: ['a', 'team b'],
			duration: null,
			channels: null,
			models: [],
			features: [],
			usd: null,
			callback: {
				url: 'https://hooks.example.com/dg',
				attempts: null,
				code: null,
				completed: null,
				delivered: null,
			},
		});
	});

	test('spec shape with details: the details win (they include key tags)', () => {
		const summary = summarizeRecord({ ...specRecord, response: sdkRecord.response });
		expect(summary.tags).toEqual(['a', 'keytag']);
		expect(summary.duration).toBe(30.5);
		expect(summary.callback?.url).toBe('https://hooks.example.com/dg');
	});

	test('no output field carries the callback secret or Basic Auth password of the path', () => {
		const text = JSON.stringify([summarizeRecord(sdkRecord), summarizeRecord(specRecord)]);
		expect(text).not.toContain('s3cr3t');
		expect(text).not.toContain('pw');
	});

	test('a delivered callback', () => {
		const summary = summarizeRecord({
			...sdkRecord,
			callback: { attempts: 1, code: 200, completed: 'x' },
		});
		expect(summary.callback).toEqual({
			url: 'https://hooks.example.com/dg',
			attempts: 1,
			code: 200,
			completed: 'x',
			delivered: true,
		});
	});

	test('a sync request has no callback', () => {
		const sync = {
			...sdkRecord,
			path: '/v1/listen?tag=a',
			response: {
				...sdkRecord.response,
				details: { ...sdkRecord.response.details, method: 'sync', config: {} },
			},
			callback: null,
		};
		expect(summarizeRecord(sync).callback).toBeNull();
	});

	test('a failed request: code and message, no details', () => {
		const failed = {
			request_id: ID,
			created: '2025-03-01T10:00:00.000Z',
			path: '/v1/listen?tag=a',
			api_key_id: 'key-id-1',
			response: {
				code: 400,
				completed: '2025-03-01T10:00:00.100Z',
				message: 'Bad Request: failed to process audio',
			},
			callback: null,
		};
		expect(summarizeRecord(failed)).toMatchObject({
			code: 400,
			message: 'Bad Request: failed to process audio',
			tags: ['a'],
			duration: null,
			models: [],
			callback: null,
		});
	});

	test('an async job still processing: empty response, callback URL known from the path', () => {
		const pending = { ...specRecord, code: null, response: {}, callback: undefined };
		expect(summarizeRecord(pending)).toMatchObject({
			code: null,
			completed: null,
			callback: {
				url: 'https://hooks.example.com/dg',
				attempts: null,
				code: null,
				delivered: null,
			},
		});
	});

	test('the 2023 docs example with null response and callback', () => {
		expect(
			summarizeRecord({
				request_id: ID,
				created: 'c',
				path: '/v1/listen',
				response: null,
				callback: null,
			}),
		).toMatchObject({
			request_id: ID,
			code: null,
			tags: [],
			callback: null,
		});
	});

	test('an unparseable callback URL is left out rather than shown raw', () => {
		expect(summarizeRecord({ ...specRecord, callback: 'not a url' }).callback?.url).toBeNull();
	});
});

describe('unwrapRequestRecord', () => {
	test('spec: {request: record}', () => {
		expect(unwrapRequestRecord({ request: specRecord })).toBe(specRecord);
	});
	test('SDKs: the bare record', () => {
		expect(unwrapRequestRecord(sdkRecord)).toBe(sdkRecord);
	});
});
