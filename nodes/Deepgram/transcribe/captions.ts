/**
 * SRT and WebVTT captions from Deepgram's word timings. Pure: words in, caption text out.
 * Cues follow common subtitle practice: at most two lines of 42 characters, at most 6 seconds,
 * a new cue after a sentence ends, on a change of speaker, or after a pause.
 */

export interface CaptionWord {
	word: string;
	start: number;
	end: number;
	punctuated_word?: string;
	speaker?: number;
}

export interface Cue {
	start: number;
	end: number;
	lines: string[];
	speaker?: number;
}

export interface CaptionLimits {
	maxLineLength: number;
	maxLines: number;
	maxCueSeconds: number;
	maxPauseSeconds: number;
}

export const DEFAULT_CAPTION_LIMITS: CaptionLimits = {
	maxLineLength: 42,
	maxLines: 2,
	maxCueSeconds: 6,
	maxPauseSeconds: 1.5,
};

const SENTENCE_END = /[.?!…]["'”’)]*$/;

function textOf(word: CaptionWord): string {
	return word.punctuated_word ?? word.word;
}

/** Groups words into cues; each word lands in exactly one cue, in order. */
export function captionCues(words: readonly CaptionWord[], limits = DEFAULT_CAPTION_LIMITS): Cue[] {
	const cues: Cue[] = [];
	let cue: Cue | undefined;
	let previous: CaptionWord | undefined;

	for (const word of words) {
		const text = textOf(word);
		if (text === '') continue;
		const lastLine = cue ? cue.lines[cue.lines.length - 1] : '';
		const fitsLine = cue !== undefined && lastLine.length + 1 + text.length <= limits.maxLineLength;
		const breakBefore =
			cue === undefined ||
			word.speaker !== cue.speaker ||
			(previous !== undefined && SENTENCE_END.test(textOf(previous))) ||
			(previous !== undefined && word.start - previous.end > limits.maxPauseSeconds) ||
			word.end - cue.start > limits.maxCueSeconds ||
			(!fitsLine && cue.lines.length >= limits.maxLines);

		if (breakBefore) {
			cue = { start: word.start, end: word.end, lines: [text] };
			if (word.speaker !== undefined) cue.speaker = word.speaker;
			cues.push(cue);
		} else if (cue && fitsLine) {
			cue.lines[cue.lines.length - 1] = `${lastLine} ${text}`;
			cue.end = word.end;
		} else if (cue) {
			cue.lines.push(text);
			cue.end = word.end;
		}
		previous = word;
	}
	return cues;
}

/** `HH:MM:SS` plus milliseconds after `separator` (`,` for SRT, `.` for WebVTT). */
export function timestamp(seconds: number, separator: ',' | '.'): string {
	const totalMs = Math.max(0, Math.round(seconds * 1000));
	const ms = totalMs % 1000;
	const totalSeconds = Math.floor(totalMs / 1000);
	const s = totalSeconds % 60;
	const m = Math.floor(totalSeconds / 60) % 60;
	const h = Math.floor(totalSeconds / 3600);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${two(h)}:${two(m)}:${two(s)}${separator}${String(ms).padStart(3, '0')}`;
}

export function toSrt(cues: readonly Cue[]): string {
	return cues
		.map((cue, index) => {
			const label = cue.speaker !== undefined ? `[Speaker ${cue.speaker}] ` : '';
			const range = `${timestamp(cue.start, ',')} --> ${timestamp(cue.end, ',')}`;
			return `${index + 1}\n${range}\n${label}${cue.lines.join('\n')}\n`;
		})
		.join('\n');
}

/** WebVTT names speakers with voice spans (`<v Speaker 0>`), which players show or style. */
export function toWebVtt(cues: readonly Cue[]): string {
	const body = cues.map((cue) => {
		const voice = cue.speaker !== undefined ? `<v Speaker ${cue.speaker}>` : '';
		const range = `${timestamp(cue.start, '.')} --> ${timestamp(cue.end, '.')}`;
		return `${range}\n${voice}${cue.lines.join('\n')}\n`;
	});
	return ['WEBVTT\n', ...body].join('\n');
}

export function buildCaptions(
	words: readonly CaptionWord[],
	limits = DEFAULT_CAPTION_LIMITS,
): { srt: string; vtt: string } {
	const cues = captionCues(words, limits);
	return { srt: toSrt(cues), vtt: toWebVtt(cues) };
}
