import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')

describe('the packaged desktop app', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('holds the bundled app and renderer, and no native module, relay, node_modules, sources, tests or source maps', { timeout: 180_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'casebook-package-'))
    dirs.push(work)
    // Electron's binary cannot be downloaded here; electron-builder accepts a placeholder distribution.
    const electronDist = join(work, 'electron-dist')
    mkdirSync(electronDist)
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "a placeholder for Electron"\n')
    chmodSync(join(electronDist, 'electron'), 0o755)
    const output = join(work, 'release')
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', '-c.electronDist=' + electronDist, '-c.directories.output=' + output],
      { cwd: ROOT, env: { ...process.env, CI: '1' } },
    )
    const asar = join(output, 'linux-unpacked/resources/app.asar')
    const files = listPackage(asar, { isPack: false }).map((path) => path.replaceAll('\\', '/'))

    for (const expected of ['/package.json', '/dist/electron/main.js', '/dist/electron/importWorker.js', '/dist/electron/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/app.js', '/assets/export.css']) {
      expect(files).toContain(expected)
    }
    expect(files.filter((path) => /\.node$|\/node_modules(\/|$)|^\/(src|tests|scripts|bench-results)(\/|$)|^\/dist\/cli|\.map$|\.ts$/.test(path))).toEqual([])
    const main = extractFile(asar, 'dist/electron/main.js').toString('utf8')
    expect(main).toContain('registerSchemesAsPrivileged')
    expect(main).toMatch(/contextIsolation: ?true/)
    // The relay's code (SQLite storage, its metrics) is not in the app.
    expect(main).not.toMatch(/better-sqlite3|casebook_relay_/)
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string }
    expect(manifest.main).toBe('dist/electron/main.js')
  })
})
