import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { Importer, type ImporterOptions } from '../../src/main/import/importer.js'
import { Library } from '../../src/main/library/library.js'
import { markdownExtensions } from '../../src/shared/export/markdownExtensions.js'
import { buildDocument, newDocumentContent, readBody } from '../../src/shared/model/document.js'
import { schema } from '../../src/shared/model/schema.js'
import { makeDocx } from '../helpers/makeDocx.js'
import { largeMarkdown, markdownDocument } from '../helpers/markdownCorpus.js'
import { useTempDir } from '../helpers/tempDir.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/bogota-bike-lanes.md')
const FIXTURE_TITLE = "Ciclovías: Bogotá's protected bike lanes"

/** An Importer that records the number of its worker threads at each change, and resolves `reached` when it is the given number. */
function watchedImporter(options: ImporterOptions = {}) {
  const threads: number[] = []
  const waiting: { count: number; resolve: () => void }[] = []
  const importer = new Importer({
    ...options,
    onThreads: (count) => {
      threads.push(count)
      for (const wait of waiting.filter((entry) => entry.count === count)) wait.resolve()
    },
  })
  const reached = (count: number) => new Promise<void>((resolve) => waiting.push({ count, resolve }))
  return { importer, threads, reached }
}

/** Every node and mark type a body holds. */
function typesIn(node: JSONContent, types = new Set<string>()): Set<string> {
  if (node.type) types.add(node.type)
  for (const mark of node.marks ?? []) types.add(mark.type)
  for (const child of node.content ?? []) typesIn(child, types)
  return types
}

describe('Importer', () => {
  const temp = useTempDir()

  it('converts a batch in one worker, and starts a fresh one only for the file after one it refused', { timeout: 120_000 }, async () => {
    const docx = join(temp.path, 'kampungs.docx')
    await writeFile(docx, await makeDocx())
    const big = join(temp.path, 'big.md')
    await writeFile(big, largeMarkdown(5 << 20))
    const { importer, threads } = watchedImporter({ limits: { seconds: 60, memoryMb: 64 } })
    const paths = [FIXTURE, docx, big, FIXTURE, join(temp.path, 'missing.md'), FIXTURE]
    const results = await Promise.allSettled(paths.map((path) => importer.import(path)))
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value.document.meta.title : (result.reason as Error).message))).toEqual([
      FIXTURE_TITLE,
      'Flood-proofing Jakarta’s kampungs',
      'big.md: It needs more than 64 MB of memory to import, so it was stopped.',
      FIXTURE_TITLE,
      'missing.md: There is no such file.',
      FIXTURE_TITLE,
    ])
    // The first worker converted two files and died on the third; the second converted one and was
    // let go after refusing the next (it may exit before or after the third starts).
    expect(threads.filter((count, index) => count > (threads[index - 1] ?? 0))).toHaveLength(3)
    await importer.close()
    expect(threads.at(-1)).toBe(0)
  })

  it('converts a file in the worker started (and warmed up) ahead of need, and stops its worker when idle, after a file or after prepare', async () => {
    const { importer, threads, reached } = watchedImporter({ idleSeconds: 0.05 })
    importer.prepare()
    expect((await importer.import(FIXTURE)).document.meta.title).toBe(FIXTURE_TITLE)
    expect(threads).toEqual([1])
    await reached(0)
    expect(threads).toEqual([1, 0])
    importer.prepare()
    await reached(0)
    expect(threads).toEqual([1, 0, 1, 0])
    await importer.close()
  })

  it('on close, refuses the file being converted and any asked for later, and leaves no worker', async () => {
    const big = join(temp.path, 'big.md')
    await writeFile(big, largeMarkdown(5 << 20))
    const { importer, threads, reached } = watchedImporter()
    const converting = importer.import(big)
    await reached(1)
    await importer.close()
    await expect(converting).rejects.toMatchObject({ code: 'INTERNAL', message: 'big.md: Its import stopped before it finished.' })
    await expect(importer.import(FIXTURE)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'bogota-bike-lanes.md: Its import was stopped, as Casebook is closing.',
    })
    expect(threads).toEqual([1, 0])
  })

  it('stores a document holding every node and mark type as the ProseMirror JSON of TipTap’s own parse', async () => {
    const body = `${markdownDocument(1, 60)}\n\n${markdownDocument(3, 60)}\n\nStruck ~~through~~ text,\\\nafter a hard break.\n`
    const path = join(temp.path, 'varied.md')
    await writeFile(path, `---\ntitle: Varied\n---\n${body}`)
    const importer = new Importer()
    const library = await Library.open(join(temp.path, 'data'))
    try {
      const id = await library.createFromState((await importer.import(path)).document)
      const handle = await library.open(id)
      const stored = readBody(handle.doc)
      await handle.close()
      const tiptap = new MarkdownManager({ marked: new Marked() as unknown as typeof marked, extensions: markdownExtensions })
      const expected = readBody(buildDocument('expected', newDocumentContent({ kind: 'case-study', title: 'Varied' }, tiptap.parse(body))))
      expect([...typesIn(expected)].sort()).toEqual([...Object.keys(schema.nodes), ...Object.keys(schema.marks)].sort())
      expect(stored).toEqual(expected)
    } finally {
      await library.close()
      await importer.close()
    }
  })
})
