import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { helpLinks } from '../../../src/main/electron/helpLinks.js'
import { packageOfInput } from '../../../scripts/thirdPartyNotices.mjs'
import { placeholderElectron } from '../../helpers/placeholderElectron.js'
import { TempDirs } from '../../helpers/tempDirs.js'

const ROOT = join(import.meta.dirname, '../../..')

describe('the packaged desktop app', () => {
  const dirs = new TempDirs('casebook-package-')
  let output = ''
  let asar = ''

  // Packaged once for all the checks below, as `npm run package` packages it for Linux, stopped where
  // the deb target would run fpm (tests/integration/children/packageLinux.ts says why).
  beforeAll(async () => {
    const work = dirs.make()
    // Electron's binary cannot be downloaded here; electron-builder accepts a placeholder distribution.
    const electronDist = placeholderElectron(work)
    output = join(work, 'release')
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/integration/children/packageLinux.ts'), electronDist, output], {
      cwd: ROOT,
    })
    asar = join(output, 'linux-unpacked/resources/app.asar')
  }, 180_000)
  afterAll(() => dirs.removeAll())

  it('holds the bundled app and renderer, and no native module, relay, node_modules, sources, tests or source maps; its fuses are set', async () => {
    const files = listPackage(asar, { isPack: false }).map((path) => path.replaceAll('\\', '/'))

    for (const expected of [
      '/package.json',
      '/dist/electron/main.js',
      '/dist/electron/importWorker.js',
      '/dist/electron/preload.cjs',
      // The WebP decoder's WebAssembly, which a Word export loads beside main.js (src/main/export/webpToPng.ts).
      '/dist/electron/webp_dec.wasm',
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

  it('carries the icon: a PNG for the window and the favicon, the Linux set in the .deb, and the ICNS and ICO macOS and Windows are given', async () => {
    expect(pngSize(extractFile(asar, 'dist/electron/icon.png'))).toEqual({ width: 512, height: 512 })
    expect(pngSize(extractFile(asar, 'dist/renderer/favicon.png'))).toEqual({ width: 64, height: 64 })
    // fpm is told to put each PNG of the set in the hicolor theme, at its own size.
    const hicolor = fpmArgs().filter((arg) => arg.includes('=/usr/share/icons/hicolor/'))
    expect(hicolor.map((arg) => arg.slice(arg.indexOf('/hicolor/') + '/hicolor/'.length))).toEqual(
      [16, 24, 32, 48, 64, 128, 256, 512].map((size) => `${size}x${size}/apps/casebook.png`),
    )
    for (const arg of hicolor) {
      const size = Number(/\/(\d+)x\d+\//.exec(arg)![1])
      expect(pngSize(readFileSync(arg.slice(0, arg.indexOf('=')))), arg).toEqual({ width: size, height: size })
    }

    const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { mac: { icon: string }; win: { icon: string } }
    // An ICNS: its length, then chunks that fill it exactly, among them the 1024 px PNG (ic10) and the 512 px one (ic09).
    const icns = readFileSync(join(ROOT, config.mac.icon))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const chunks = new Map<string, Buffer>()
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      chunks.set(icns.subarray(at, at + 4).toString('latin1'), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))
    expect(pngSize(chunks.get('ic10')!)).toEqual({ width: 1024, height: 1024 })
    expect(pngSize(chunks.get('ic09')!)).toEqual({ width: 512, height: 512 })
    // An ICO: reserved 0, type 1, then a directory of images inside the file, one of 256 px (written 0) as a PNG, which electron-builder requires.
    const ico = readFileSync(join(ROOT, config.win.icon))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const images = Array.from({ length: ico.readUInt16LE(4) }, (_, n) => {
      const entry = 6 + 16 * n
      const [size, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)]
      expect(offset + size).toBeLessThanOrEqual(ico.length)
      return { width: ico[entry] || 256, data: ico.subarray(offset, offset + size) }
    })
    expect(images.map(({ width }) => width)).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    expect(pngSize(images.find(({ width }) => width === 256)!.data)).toEqual({ width: 256, height: 256 })
  })

  it('carries the third-party notices of every npm package its bundles were built from, each with its license and license text', () => {
    // The bundles packaged are the build's, whose inputs (the renderer's, main's and the preload's metafiles) the build kept.
    for (const bundle of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/app.js'])
      expect(extractFile(asar, bundle).equals(readFileSync(join(ROOT, bundle))), bundle).toBe(true)
    const inputs = JSON.parse(readFileSync(join(ROOT, 'dist/desktop.inputs.json'), 'utf8')) as string[]
    expect(inputs).toEqual(expect.arrayContaining(['src/renderer/main.tsx', 'src/main/electron/main.ts', 'src/main/electron/preload.ts']))
    const bundled = new Set(
      inputs.flatMap((input) => {
        const found = packageOfInput(input)
        if (!found) return []
        const manifest = JSON.parse(readFileSync(join(ROOT, found.dir, 'package.json'), 'utf8')) as { name: string; version: string }
        return [`${manifest.name}@${manifest.version}`]
      }),
    )
    const packaged = extractFile(asar, 'dist/renderer/third-party-notices.js').toString('utf8')
    const notices = JSON.parse(packaged.replace(/^export default /, '')) as { name: string; version: string; license: string; text: string | null }[]
    expect(notices.map(({ name, version }) => `${name}@${version}`).sort()).toEqual([...bundled].sort())
    expect(notices.map(({ name }) => name)).toEqual(expect.arrayContaining(['yjs', 'react', 'react-dom', '@tiptap/core', 'electron-store', 'ws']))
    for (const { name, license } of notices) expect(license, name).toMatch(/\S/)
    const yjs = notices.find(({ name }) => name === 'yjs')!
    expect(yjs.text).toBe(readFileSync(join(ROOT, 'node_modules/yjs/LICENSE'), 'utf8').trim())
  })

  it('is, on Linux, the handler of casebook:// links, in the .desktop entry electron-builder writes for the .deb', () => {
    const entry = readFileSync(join(output, 'deb/casebook.desktop'), 'utf8')
    const lines = entry.split('\n')
    expect(lines[0]).toBe('[Desktop Entry]')
    const field = (key: string) => lines.find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1)
    expect(field('MimeType') ?? '').toMatch(/(^|;)x-scheme-handler\/casebook;/)
    // %U: the link the desktop opens the app with is passed to it.
    expect(field('Exec')).toBe('/opt/Casebook/casebook %U')
    expect(field('Icon')).toBe('casebook')
    expect(fpmArgs().some((arg) => arg.endsWith('=/usr/share/applications/casebook.desktop'))).toBe(true)
    // Electron names its window after package.json's desktopName, by which the desktop finds this entry (its icon, its name).
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { desktopName?: string }
    expect(manifest.desktopName).toBe('casebook.desktop')
  })

  /** fpm's arguments for the .deb, as electron-builder computed them: among them, each `file=where it is installed`. */
  function fpmArgs(): string[] {
    return JSON.parse(readFileSync(join(output, 'deb/fpm-args.json'), 'utf8')) as string[]
  }
})

/** A PNG's width and height, from its header; a file that is no PNG fails the test. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}
