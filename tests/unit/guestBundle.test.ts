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
  outputs: Record<string, { bytes: number }>
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

  it('is every file it loads, side by side in one folder, none needing eval', () => {
    const outputs = Object.keys(metafile.outputs).map((path) => path.replace(/^dist\/guest\//, ''))
    expect(outputs).toEqual(expect.arrayContaining(['guest.js', 'guest.css']))
    expect(outputs.filter((name) => name.includes('/'))).toEqual([])
    expect(readdirSync(GUEST).sort()).toEqual([...outputs, 'guest.html'].sort())
    for (const name of outputs) expect(readFileSync(join(GUEST, name), 'utf8'), name).not.toMatch(/\beval\(|new Function\(/)
  })

  it('stays small: under 400 KB of script over the wire, its language chunks apart', () => {
    const gzipped = gzipSync(readFileSync(join(GUEST, 'guest.js')), { level: 9 }).length
    expect(gzipped).toBeLessThan(400 * 1024)
    expect(Object.keys(metafile.outputs).filter((path) => /\/(es|fr|pt-BR|zh-CN)-\w+\.js$/.test(path))).toHaveLength(4)
  })
})
