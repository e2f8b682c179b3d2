/** test/fixtures/sample.wav and what the emulator answers for it (test/fixtures/sample.json). */
import { readFileSync } from 'fs';
import { join } from 'path';

import { FIXTURES_DIR } from '../../n8n/workflows';

export const SAMPLE = JSON.parse(readFileSync(join(FIXTURES_DIR, 'sample.json'), 'utf8')) as {
	sha256: string;
	/** Seconds, as Deepgram rounds them. */
	duration: number;
	transcript: string;
};

export const SAMPLE_WAV = readFileSync(join(FIXTURES_DIR, 'sample.wav'));
