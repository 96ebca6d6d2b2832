import { defineConfig } from 'vitest/config'

// Test suites by kind (see each folder's README):
//   unit    — pure rules and the data layer, colocated *.test.ts under packages/
//   api     — HTTP through app.inject on a fresh database per file (apps/api/test)
//   browser — the built dashboard in real headless Chromium (test/browser)
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['packages/**/src/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // one Chromium at a time on a 2-core machine
          fileParallelism: false,
        },
      },
    ],
  },
})
