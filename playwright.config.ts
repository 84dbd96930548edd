import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own here), driving the
 * browser shell. CHROMIUM_PATH overrides where Chromium is.
 */
const executablePath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium'
if (!existsSync(executablePath)) {
  throw new Error(`The end-to-end tests need Chromium at ${executablePath}: install it with "apt-get install -y chromium", or set CHROMIUM_PATH.`)
}

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
    launchOptions: {
      executablePath,
      // This machine's network is closed: without these, Chromium keeps trying to reach Google's hosts.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
