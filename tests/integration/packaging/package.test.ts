import { execFile } from 'node:child_process'
import { chmodSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { helpLinks } from '../../../src/main/electron/helpLinks.js'
import { useTempDirs } from '../../helpers/tempDir.js'

const ROOT = join(import.meta.dirname, '../../..')

/**
 * Where Electron's binary keeps its fuses: a sentinel, then the wire's version (1), its length, and a
 * byte per fuse, '0' off or '1' on. This is Electron's own wire as it ships (RunAsNode, cookie
 * encryption, NODE_OPTIONS, --inspect, asar integrity, app only from asar, V8 snapshot, file://
 * privileges), for a placeholder to carry so that electron-builder's real flipping runs on it.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const SHIPPED_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([Number(FuseVersion.V1), 8]), Buffer.from('10110001')])

describe('the packaged desktop app', () => {
  const dirs = useTempDirs('casebook-package-')

  it('holds the bundled app and renderer, and no native module, relay, node_modules, sources, tests or source maps; its fuses are set', {
    timeout: 180_000,
  }, async () => {
    const work = dirs.make()
    // Electron's binary cannot be downloaded here; electron-builder accepts a placeholder distribution.
    const electronDist = join(work, 'electron-dist')
    mkdirSync(electronDist)
    writeFileSync(
      join(electronDist, 'electron'),
      Buffer.concat([Buffer.from('#!/bin/sh\necho "a placeholder for Electron"\nexit 0\n'), SHIPPED_WIRE, Buffer.from('\n')]),
    )
    chmodSync(join(electronDist, 'electron'), 0o755)
    const output = join(work, 'release')
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
      { cwd: ROOT, env: { ...process.env, CI: '1' } },
    )
    const asar = join(output, 'linux-unpacked/resources/app.asar')
    const files = listPackage(asar, { isPack: false }).map((path) => path.replaceAll('\\', '/'))

    for (const expected of [
      '/package.json',
      '/dist/electron/main.js',
      '/dist/electron/importWorker.js',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/dist/renderer/app.js',
      '/assets/export.css',
    ]) {
      expect(files).toContain(expected)
    }
    // Every other language's catalog, a chunk of its own that the page imports when it shows that language (English is in app.js).
    for (const language of ['es', 'pt-BR', 'fr', 'zh-CN'])
      expect(files.some((path) => new RegExp(`^/dist/renderer/chunks/${language}-\\w+\\.js$`).test(path))).toBe(true)
    // The editor, a chunk of its own that the page loads once the library has drawn.
    expect(files.some((path) => /^\/dist\/renderer\/chunks\/EditorScreen-\w+\.js$/.test(path))).toBe(true)
    expect(files.filter((path) => /\.node$|\/node_modules(\/|$)|^\/(src|tests|scripts|bench-results)(\/|$)|^\/dist\/cli|\.map$|\.ts$/.test(path))).toEqual([])
    const main = extractFile(asar, 'dist/electron/main.js').toString('utf8')
    expect(main).toContain('registerSchemesAsPrivileged')
    expect(main).toMatch(/codeCache: ?true/)
    expect(main).toMatch(/contextIsolation: ?true/)
    // The relay's code (SQLite storage, its metrics) is not in the app.
    expect(main).not.toMatch(/better-sqlite3|casebook_relay_/)
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string }
    expect(manifest.main).toBe('dist/electron/main.js')
    // The Help menu's links, which the app reads from its package.json when it starts.
    expect(helpLinks(JSON.stringify(manifest), { version: '0.1.0', os: 'Linux' }).documentation).toBe('https://casebook.c40.org')

    // The fuses electron-builder.yml sets, read back from the packaged binary.
    const wire = await getCurrentFuseWire(join(output, 'linux-unpacked/casebook'))
    const fuse = (option: FuseV1Options) => ({ 48: 'off', 49: 'on' })[wire[option] as number]
    expect({
      runAsNode: fuse(FuseV1Options.RunAsNode),
      nodeOptions: fuse(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspect: fuse(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: fuse(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyFromAsar: fuse(FuseV1Options.OnlyLoadAppFromAsar),
    }).toEqual({ runAsNode: 'off', nodeOptions: 'off', inspect: 'off', asarIntegrity: 'on', onlyFromAsar: 'on' })
  })
})
