/** Unit, engine and end-to-end tests; test/run-all.sh picks which with --selectProjects. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
});
module.exports = {
	projects: [project('unit'), project('engine'), project('e2e')],
	// Engine and end-to-end tests talk to local servers; each file sets a tighter timeout if it wants.
	testTimeout: 120_000,
};
