import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { connectToShell } from '../../src/renderer/shellApi.js'
import { webSocketFrom } from '../helpers/webSocketFrom.js'

const BIN = join(import.meta.dirname, '../../bin/casebook.js')

/** `casebook serve` on its own data directory, stopped and removed after the test. */
async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      const line = output.split('\n').find((text) => text.startsWith('http://127.0.0.1:'))
      if (line) resolve(line.trim())
    })
    child.once('exit', (code) => reject(new Error(`casebook serve exited with ${code}`)))
  })
  return { child, url }
}

test('the browser shell lists the library in Chromium, and keeps the list current', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'casebook-e2e-'))
  execFileSync(process.execPath, [BIN, '--data', dataDir, 'new', '--kind', 'case-study', '--title', 'Lagos BRT', '--city', 'Lagos'])
  const { child, url } = await serve(dataDir)
  try {
    await page.goto(url)
    const table = page.getByRole('table', { name: 'Documents on this device' })
    await expect(table.getByRole('row').nth(1)).toHaveText(['Lagos BRT', 'Case study', 'Lagos', '', 'Only on this device'].join(''))
    await expect(page.getByRole('status')).toHaveText('1 document')

    // Another page of the same shell creates a document: this one hears of it and lists it.
    const { origin, hash } = new URL(url)
    const other = await connectToShell({ origin, hash }, webSocketFrom(origin))
    await other.request('library.create', { kind: 'lessons-learned', title: 'Quito cable car', city: 'Quito' })
    await expect(page.getByRole('status')).toHaveText('2 documents')
    await expect(table.getByRole('cell', { name: 'Quito cable car' })).toBeVisible()

    // A page without the secret gets nothing.
    const stranger = await page.context().newPage()
    await stranger.goto(url.replace(/#.*$/, ''))
    await expect(stranger.getByRole('status')).toHaveText('Casebook refused this page; open the address Casebook printed, with its secret.')
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
})
