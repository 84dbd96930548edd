import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { GUEST_ASSETS_PREFIX } from '../../src/shared/protocol/workshops.js'

// The build (the tests' global setup) writes dist/guest and the metafile of its bundle beside it.
const DIST = join(import.meta.dirname, '../../dist')
const GUEST = join(DIST, 'guest')
const metafile = JSON.parse(readFileSync(join(DIST, 'guest.meta.json'), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, { bytes: number; imports: { path: string; kind: string }[] }>
}
const page = readFileSync(join(GUEST, 'guest.html'), 'utf8')

describe("a workshop's guest page, as built", () => {
  it('holds nothing of src/main: the editor and the shared model, not the back end', () => {
    const inputs = Object.keys(metafile.inputs)
    expect(inputs).toContain('src/renderer/editor/DocumentEditor.tsx')
    expect(inputs).toContain('src/shared/model/newCommentEvent.ts')
    expect(inputs.filter((input) => input.startsWith('src/main/'))).toEqual([])
  })

  it('is a page with no inline script or style, loading its script and style sheet from the relay’s assets', () => {
    expect(page).toMatch(/<html lang="[a-z]{2}/)
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.map(([, attributes, body]) => ({ attributes: attributes?.trim(), body }))).toEqual([
      { attributes: `type="module" src="${GUEST_ASSETS_PREFIX}guest.js"`, body: '' },
    ])
    expect(page).toContain(`<link rel="stylesheet" href="${GUEST_ASSETS_PREFIX}guest.css" />`)
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i)
  })

  it('preloads what guest.js imports, each a file of its own, and not the document’s chunk, which would hold the form back', () => {
    const preloaded = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)" \/>/g)].map(([, href]) => href)
    const imported = metafile.outputs['dist/guest/guest.js']!.imports.filter(({ kind }) => kind === 'import-statement').map(({ path }) => path)
    expect(imported.length).toBeGreaterThanOrEqual(1)
    expect(preloaded).toEqual(imported.map((path) => `${GUEST_ASSETS_PREFIX}${path.replace(/^dist\/guest\//, '')}`))
    expect(preloaded.some((href) => /\/GuestWorkshop-\w+\.js$/.test(href ?? ''))).toBe(false)
  })

  it('is every file it loads, side by side in one folder, none needing eval', () => {
    const outputs = Object.keys(metafile.outputs).map((path) => path.replace(/^dist\/guest\//, ''))
    expect(outputs).toEqual(expect.arrayContaining(['guest.js', 'guest.css']))
    expect(outputs.filter((name) => name.includes('/'))).toEqual([])
    // Beside the relay's invite page (src/renderer/join), built into the same folder.
    expect(readdirSync(GUEST).sort()).toEqual([...outputs, 'guest.html', 'join.html', 'join.js', 'join.css'].sort())
    for (const name of outputs) expect(readFileSync(join(GUEST, name), 'utf8'), name).not.toMatch(/\beval\(|new Function\(/)
  })

  it('stays small: the join form needs under 150 KB of script over the wire, the whole page under 400 KB, each language apart', () => {
    const gzipped = (name: string) => gzipSync(readFileSync(join(GUEST, name)), { level: 9 }).length
    const scripts = Object.keys(metafile.outputs)
      .map((path) => path.replace(/^dist\/guest\//, ''))
      .filter((name) => name.endsWith('.js'))
    const languages = scripts.filter((name) => /^(es|fr|pt-BR|zh-CN)-\w+\.js$/.test(name))
    const forForm = scripts.filter((name) => name === 'guest.js' || name.startsWith('chunk-'))
    expect(languages).toHaveLength(4)
    expect(forForm.reduce((sum, name) => sum + gzipped(name), 0)).toBeLessThan(150 * 1024)
    expect(scripts.filter((name) => !languages.includes(name)).reduce((sum, name) => sum + gzipped(name), 0)).toBeLessThan(400 * 1024)
  })
})
