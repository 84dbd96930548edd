import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // The CLI tests run the built CLI, so the build must be current.
    globalSetup: ['tests/helpers/buildOnce.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
