import {
	buildCaptions,
	captionCues,
	timestamp,
	type CaptionWord,
} from '../../../nodes/Deepgram/transcribe/captions';

/** Words spaced 0.5 s apart, each lasting 0.4 s, starting at `from`. */
function words(text: string, from = 0, extra: Partial<CaptionWord> = {}): CaptionWord[] {
	return text.split(' ').map((token, index) => ({
		word: token.toLowerCase().replace(/[^a-z0-9']/g, ''),
		punctuated_word: token,
		start: from + index * 0.5,
		end: from + index * 0.5 + 0.4,
		...extra,
	}));
}

describe('timestamp', () => {
	it.each([
		[0, ',', '00:00:00,000'],
		[1.5, ',', '00:00:01,500'],
		[61.0004, '.', '00:01:01.000'],
		[3725.9996, '.', '01:02:06.000'],
		[360000.25, ',', '100:00:00,250'],
		[-1, '.', '00:00:00.000'],
	] as const)('%p with "%s" is %s', (seconds, separator, expected) => {
		expect(timestamp(seconds, separator)).toBe(expected);
	});
});

describe('captionCues', () => {
	it('gives no cues for no words', () => {
		expect(captionCues([])).toEqual([]);
		expect(buildCaptions([])).toEqual({ srt: '', vtt: 'WEBVTT\n' });
	});

	it('starts a new cue after a sentence ends and uses the punctuated words', () => {
		expect(captionCues(words('Hello there. How are you?'))).toEqual([
			{ start: 0, end: 0.9, lines: ['Hello there.'] },
			{ start: 1, end: 2.4, lines: ['How are you?'] },
		]);
	});

	it('falls back to the bare word when there is no punctuated_word', () => {
		const cues = captionCues([
			{ word: 'plain', start: 0, end: 0.5 },
			{ word: 'words', start: 0.5, end: 1 },
		]);
		expect(cues).toEqual([{ start: 0, end: 1, lines: ['plain words'] }]);
	});

	it('wraps at 42 characters into a second line, then starts a new cue', () => {
		const text =
			'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr';
		const cues = captionCues(words(text).map((word) => ({ ...word, start: 0, end: 0 })));
		expect(cues.map((cue) => cue.lines)).toEqual([
			['aaaa bbbb cccc dddd eeee ffff gggg hhhh', 'iiii jjjj kkkk llll mmmm nnnn oooo pppp'],
			['qqqq rrrr'],
		]);
		for (const cue of cues)
			for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
	});

	it('keeps a cue to at most 6 seconds', () => {
		const cues = captionCues(
			words('one two three four five six seven eight nine ten eleven twelve thirteen fourteen'),
		);
		expect(cues.map(({ start, end }) => [start, end])).toEqual([
			[0, 5.9],
			[6, 6.9],
		]);
	});

	it('starts a new cue after a pause longer than 1.5 seconds', () => {
		const cues = captionCues([...words('before the pause', 0), ...words('after it', 4)]);
		expect(cues.map((cue) => cue.lines[0])).toEqual(['before the pause', 'after it']);
	});

	it('starts a new cue when the speaker changes and labels it', () => {
		const cues = captionCues([
			...words('Hi Bob', 0, { speaker: 0 }),
			...words('hi Alice', 1, { speaker: 1 }),
		]);
		expect(cues).toEqual([
			{ start: 0, end: 0.9, lines: ['Hi Bob'], speaker: 0 },
			{ start: 1, end: 1.9, lines: ['hi Alice'], speaker: 1 },
		]);
	});

	it('skips empty words', () => {
		expect(captionCues([{ word: '', start: 0, end: 1 }, ...words('kept', 1)])).toEqual([
			{ start: 1, end: 1.4, lines: ['kept'] },
		]);
	});
});

describe('buildCaptions', () => {
	it('writes SRT and WebVTT with their own timestamp separators', () => {
		expect(buildCaptions(words('Hello there. How are you?'))).toEqual({
			srt: '1\n00:00:00,000 --> 00:00:00,900\nHello there.\n\n2\n00:00:01,000 --> 00:00:02,400\nHow are you?\n',
			vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nHello there.\n\n00:00:01.000 --> 00:00:02.400\nHow are you?\n',
		});
	});

	it('names speakers: a label in SRT, a voice span in WebVTT', () => {
		const captions = buildCaptions([
			...words('Hi.', 0, { speaker: 0 }),
			...words('Hello.', 1, { speaker: 1 }),
		]);
		expect(captions.srt).toBe(
			'1\n00:00:00,000 --> 00:00:00,400\n[Speaker 0] Hi.\n\n2\n00:00:01,000 --> 00:00:01,400\n[Speaker 1] Hello.\n',
		);
		expect(captions.vtt).toBe(
			'WEBVTT\n\n00:00:00.000 --> 00:00:00.400\n<v Speaker 0>Hi.\n\n00:00:01.000 --> 00:00:01.400\n<v Speaker 1>Hello.\n',
		);
	});

	it('writes two-line cues on two lines', () => {
		const text = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii';
		const { srt } = buildCaptions(words(text).map((word) => ({ ...word, start: 0, end: 1 })));
		expect(srt).toBe(
			'1\n00:00:00,000 --> 00:00:01,000\naaaa bbbb cccc dddd eeee ffff gggg hhhh\niiii\n',
		);
	});
});
