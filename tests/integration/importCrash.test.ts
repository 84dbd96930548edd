import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMeta } from '../../src/shared/model/document.js'
import { readBodyText } from '../../src/shared/model/documentBody.js'
import { Library } from '../../src/main/library/library.js'
import { spawnCasebook, useChildren } from '../helpers/child.js'
import { useTempDir } from '../helpers/tempDir.js'

const FILES = 400

const randomDelay = (min: number, max: number) => new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)))

describe('casebook import killed with SIGKILL in the middle of a batch', () => {
  const temp = useTempDir()
  useChildren()

  it('leaves every document either whole and listed or absent, and index.json whole', { timeout: 120_000 }, async () => {
    const inputs = join(temp.path, 'inputs')
    await mkdir(inputs)
    const paths: string[] = []
    for (let n = 0; n < FILES; n += 1) {
      paths.push(join(inputs, `case-${n}.md`))
      await writeFile(paths[n] as string, `---\ntitle: Case ${n}\n---\n${'A paragraph of the case study.\n\n'.repeat(40)}END ${n}\n`)
    }
    const data = join(temp.path, 'data')
    const printed = new Set<string>()
    // One kill: the order of the fsyncs is checked in tests/unit/library (fsyncOrder, storeNewDocuments).
    const child = spawnCasebook(['import', ...paths, '--data', data])
    // Once a batch is stored, the next one is being converted and stored: killed somewhere in there.
    await child.waitForLine((line) => /^[0-9a-f]{16} /.test(line), 120_000)
    await randomDelay(0, 400)
    child.process.kill('SIGKILL')
    await child.exited
    for (const line of child.lines) if (/^[0-9a-f]{16} /.test(line)) printed.add(line.slice(0, 16))

    // As the killed process left it: index.json reads whole, and every document it lists has its snapshot (its log is made at its first save).
    const library = join(data, 'library')
    const index = JSON.parse(await readFile(join(library, 'index.json'), 'utf8')) as { entries: { id: string }[] }
    for (const { id } of index.entries) expect((await readdir(join(library, 'documents', id))).sort()).toEqual(['snapshot'])

    const reopened = await Library.open(data)
    expect(reopened.damaged()).toEqual([])
    const listed = reopened.list().map((document) => document.id)
    for (const id of printed) expect(listed).toContain(id)
    expect(listed.length).toBeGreaterThanOrEqual(index.entries.length)
    for (const id of listed) {
      const handle = await reopened.open(id)
      const title = readMeta(handle.doc).title
      expect(title).toMatch(/^Case \d+$/)
      expect(readBodyText(handle.doc).endsWith(`END ${title.slice('Case '.length)}`)).toBe(true)
      await handle.close()
    }
    await reopened.close()
    expect(await readdir(join(library, 'staging'))).toEqual([])
    expect(printed.size).toBeGreaterThan(0)
  })
})
