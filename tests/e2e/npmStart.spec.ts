import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startNode } from '../helpers/childProcess.js'
import { TempDirs } from '../helpers/tempDirs.js'

const ROOT = join(import.meta.dirname, '../..')

// npm start builds dist/ again, which the vitest files running beside the end-to-end tests use
// (scripts/test.mjs): it runs in a copy of Casebook's sources, with their npm packages.
function copyOfCasebook(dir: string): string {
  for (const part of ['package.json', 'tsconfig.json', 'scripts', 'src', 'bin', 'assets']) cpSync(join(ROOT, part), join(dir, part), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

test('npm start says in one line that Electron cannot start, and opens the browser shell instead, in the default browser', async ({ page }) => {
  const dirs = new TempDirs('casebook-start-')
  const dataDir = dirs.make()
  const casebook = copyOfCasebook(dirs.make())
  // The system's opener, standing in for xdg-open: it notes the address it was asked to open.
  const bin = dirs.make()
  const opened = join(dirs.make(), 'opened')
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > '${opened}'\n`, { mode: 0o755 })
  // No Electron binary, and no download of one, whatever this machine has; a display to open a browser on.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron'),
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    DISPLAY: ':99',
    PATH: `${bin}:${process.env['PATH']}`,
  }
  delete env['WAYLAND_DISPLAY']
  const started = startNode([join(casebook, 'scripts/start.mjs'), '--data', dataDir, '--port', '0'], { name: 'npm start', cwd: casebook, env })
  try {
    const url = (await started.waitForLine((line) => line.startsWith('http://127.0.0.1:'), 60_000)).trim()
    expect(started.stderr().trim().split('\n')).toEqual([
      'Electron cannot start here (its binary is missing and could not be downloaded), so Casebook opens in your browser instead.',
    ])
    await expect.poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8').trim() : null)).toBe(url)
    await page.goto(url)
    await expect(page.getByRole('region', { name: 'Welcome to Casebook' })).toBeVisible()
  } finally {
    started.process.kill('SIGTERM')
    expect((await started.exited).code).toBe(0)
    dirs.removeAll()
  }
})
