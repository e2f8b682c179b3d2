/**
 * n8n's logger as the nodes reach it (`this.logger`, which n8n-core takes from its DI container),
 * replaced by one that keeps every line, so tests can read what a user would find in n8n's log.
 */
import { Container } from '@n8n/di';
import { dirname } from 'path';

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata: Record<string, unknown>;
}

const lines: LogLine[] = [];

function record(level: LogLine['level']) {
	return (message: string, metadata: Record<string, unknown> = {}) => {
		lines.push({ level, message, metadata });
	};
}

const capturing = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped: () => capturing,
};

// n8n-core resolves its own copy of @n8n/backend-common: that copy's Logger class is the key.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Logger } = require(
	require.resolve('@n8n/backend-common', { paths: [dirname(require.resolve('n8n-core'))] }),
) as { Logger: new (...args: never[]) => unknown };
Container.set(Logger, capturing);

export const harnessLogs = {
	/** Every line logged since the last clear(), oldest first. */
	get lines(): readonly LogLine[] {
		return lines;
	},
	at(level: LogLine['level']): string[] {
		return lines.filter((line) => line.level === level).map((line) => line.message);
	},
	clear(): void {
		lines.length = 0;
	},
};
