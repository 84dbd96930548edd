import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startNode } from '../helpers/childProcess.js'
import { TempDirs } from '../helpers/tempDirs.js'

const ROOT = join(import.meta.dirname, '../..')

// Here rather than with vitest: npm start rebuilds dist/, which the vitest files running beside it use.
test('npm start says in one line that Electron cannot start, and opens the browser shell instead', async ({ page }) => {
  const dirs = new TempDirs('casebook-start-')
  const dataDir = dirs.make()
  // No Electron binary, and no download of one, whatever this machine has.
  const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron'), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  const started = startNode([join(ROOT, 'scripts/start.mjs'), '--data', dataDir, '--port', '0'], { name: 'npm start', cwd: ROOT, env })
  try {
    const url = (await started.waitForLine((line) => line.startsWith('http://127.0.0.1:'), 60_000)).trim()
    expect(started.stderr().trim().split('\n')).toEqual([
      'Electron cannot start here (its binary is missing and could not be downloaded), so Casebook opens in your browser instead.',
    ])
    await page.goto(url)
    await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('0 documents')
  } finally {
    started.process.kill('SIGTERM')
    expect((await started.exited).code).toBe(0)
    dirs.removeAll()
  }
})
