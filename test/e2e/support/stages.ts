/** How long each stage of a suite took, printed as it ends and summed up at the end (for the run-time budget). */
export function stageTimer(label: string) {
	const timings: Array<[string, number]> = [];
	return {
		async timed<T>(stage: string, run: () => Promise<T>): Promise<T> {
			const started = Date.now();
			try {
				return await run();
			} finally {
				const ms = Date.now() - started;
				timings.push([stage, ms]);
				process.stderr.write(`[${label}] ${(ms / 1000).toFixed(1)} s  ${stage}\n`);
			}
		},
		/** One line per stage, for the suite's afterAll. */
		report(): string {
			const lines = timings.map(
				([stage, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${stage}`,
			);
			return `${label} stages:\n${lines.join('\n')}`;
		},
	};
}
