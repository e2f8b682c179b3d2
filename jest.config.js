/** Unit, engine and end-to-end tests; test/run-all.sh picks which with --selectProjects. */
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.test.json' }];
const project = (name, testTimeout) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	testTimeout,
});
module.exports = {
	projects: [project('unit', 10_000), project('engine', 60_000), project('e2e', 300_000)],
};
