/** The browser suite: the production build in headless Chromium with the fake Excel host. Run by `npm run test:e2e`. */
module.exports = {
  rootDir: "../..",
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.tsx?$": "ts-jest" },
  testTimeout: 180000,
  // One browser at a time: the suites share one build and the machine's CPU.
  maxWorkers: 1,
};
