import { buildQueryString } from '../../../nodes/Deepgram/shared/query';
import { listenQuery, type ListenQueryInput } from '../../../nodes/Deepgram/transcribe/query';

const base: ListenQueryInput = {
	model: 'nova-3',
	language: { detect: false, code: 'en' },
	features: {},
	tags: [],
	extra: [],
};

describe('listenQuery', () => {
	it('sends only model and language by default', () => {
		expect(listenQuery(base)).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
		]);
	});

	it('maps every option to Deepgram’s parameter, in a fixed order', () => {
		const query = listenQuery({
			...base,
			features: {
				multichannel: true,
				fillerWords: true,
				detectEntities: true,
				sentiment: true,
				intents: true,
				topics: true,
				summarize: true,
				keywords: ['snuffleupagus:5', 'kansas'],
				keyterm: ['Deepgram', 'n8n nodes'],
				redact: ['pci', 'pii', 'phi', 'numbers'],
				profanityFilter: true,
				numerals: true,
				paragraphs: true,
				utterances: true,
				diarize: true,
				punctuate: true,
				smartFormat: true,
			},
		});
		expect(buildQueryString(query)).toBe(
			[
				'model=nova-3',
				'language=en',
				'smart_format=true',
				'punctuate=true',
				'diarize=true',
				'utterances=true',
				'paragraphs=true',
				'numerals=true',
				'profanity_filter=true',
				'redact=pci&redact=pii&redact=phi&redact=numbers',
				'keyterm=Deepgram&keyterm=n8n%20nodes',
				'keywords=snuffleupagus%3A5&keywords=kansas',
				'summarize=v2',
				'topics=true',
				'intents=true',
				'sentiment=true',
				'detect_entities=true',
				'filler_words=true',
				'multichannel=true',
			].join('&'),
		);
	});

	it('leaves out options switched off and empty lists, and trims list entries', () => {
		expect(
			listenQuery({
				...base,
				features: {
					smartFormat: false,
					summarize: false,
					redact: [],
					keyterm: ['', '  ', ' n8n '],
				},
			}),
		).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['keyterm', ['n8n']],
		]);
	});

	it('detects the language among any, or among candidates, instead of sending one', () => {
		expect(listenQuery({ ...base, language: { detect: true, candidates: [] } })).toEqual([
			['model', 'nova-3'],
			['detect_language', true],
		]);
		expect(listenQuery({ ...base, language: { detect: true, candidates: ['en', 'es'] } })).toEqual([
			['model', 'nova-3'],
			['detect_language', ['en', 'es']],
		]);
	});

	it('adds the callback, PUT only when asked, then tags and extra pairs as repeated parameters', () => {
		const query = listenQuery({
			...base,
			callback: { url: 'https://u:p@hooks.example.com/cb', method: 'PUT' },
			tags: ['a b', 'ü'],
			extra: [
				{ key: 'job', value: '42' },
				{ key: 'note', value: 'x:y&z' },
			],
		});
		expect(query).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['callback', 'https://u:p@hooks.example.com/cb'],
			['callback_method', 'PUT'],
			['tag', ['a b', 'ü']],
			['extra', ['job:42', 'note:x:y&z']],
		]);
		expect(
			listenQuery({ ...base, callback: { url: 'https://hooks.example.com/cb', method: 'POST' } }),
		).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['callback', 'https://hooks.example.com/cb'],
		]);
	});
});
