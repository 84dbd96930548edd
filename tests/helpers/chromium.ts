import { existsSync } from 'node:fs'

/**
 * How the end-to-end tests and the app bench launch Debian's Chromium (Playwright cannot download its
 * own here). CHROMIUM_PATH overrides where it is.
 */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  const executablePath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`The end-to-end tests need Chromium at ${executablePath}: install it with "apt-get install -y chromium", or set CHROMIUM_PATH.`)
  }
  return {
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
  }
}
