/** Tests are plain CommonJS: they drive the built package in dist/ exactly as n8n loads it. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	// The e2e's n8n installs (2 GB each) and the benchmark's output are no test's modules.
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/bench-results/'],
	transform: {},
	setupFiles: ['<rootDir>/test/setup-env.cjs'],
	globalSetup: '<rootDir>/test/global-setup.cjs',
	globalTeardown: '<rootDir>/test/global-teardown.cjs',
	testTimeout: 60000,
	forceExit: true,
	maxWorkers: 2,
};
