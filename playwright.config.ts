import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/helpers/chromium.js'

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own here), driving the
 * browser shell (tests/helpers/chromium.ts says how it is launched).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // The tests drive the built command line and renderer.
  globalSetup: './tests/helpers/buildOnce.ts',
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
  },
})
