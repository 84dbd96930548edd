import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'

const ROOT = join(import.meta.dirname, '../..')

// Here rather than with vitest: npm start rebuilds dist/, which the vitest files running beside it use.
test('npm start says in one line that Electron cannot start, and opens the browser shell instead', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'casebook-start-'))
  // No Electron binary, and no download of one, whatever this machine has.
  const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron'), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--data', dataDir, '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        const line = stdout.split('\n').find((text) => text.startsWith('http://127.0.0.1:'))
        if (line) resolve(line.trim())
      })
      void exited.then((code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)))
    })
    expect(stderr.trim().split('\n')).toEqual(['Electron cannot start here (its binary is missing and could not be downloaded), so Casebook opens in your browser instead.'])
    await page.goto(url)
    await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('0 documents')
  } finally {
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
