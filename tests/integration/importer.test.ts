import { join } from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Importer } from '../../src/main/import/importer.js'
import { readFileToImport } from '../../src/main/import/readFileToImport.js'
import { Library } from '../../src/main/library/library.js'
import { markdownExtensions } from '../../src/shared/export/markdownExtensions.js'
import { buildDocument, newDocumentContent, readBody } from '../../src/shared/model/documentBody.js'
import { schema } from '../../src/shared/model/schema.js'
import { eventually } from '../helpers/eventually.js'
import { workers } from '../helpers/countedWorkers.js'
import { makeDocx } from '../helpers/makeDocx.js'
import { largeMarkdown, markdownDocument } from '../helpers/markdownCorpus.js'
import { useTempDir } from '../helpers/tempDir.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/bogota-bike-lanes.md')
const FIXTURE_TITLE = "Ciclovías: Bogotá's protected bike lanes"

vi.mock('node:worker_threads', (original) => import('../helpers/countedWorkers.js').then((counted) => counted.countingWorkers(original)))

const fixture = () => readFileToImport(FIXTURE)
const noThreads = () => eventually(() => workers.running === 0, 'the worker has stopped')

/** Every node and mark type a body holds. */
function typesIn(node: JSONContent, types = new Set<string>()): Set<string> {
  if (node.type) types.add(node.type)
  for (const mark of node.marks ?? []) types.add(mark.type)
  for (const child of node.content ?? []) typesIn(child, types)
  return types
}

describe('Importer', () => {
  const temp = useTempDir()
  beforeEach(() => {
    workers.started = 0
  })

  it('converts a batch in one worker, and starts a fresh one only for the file after one it refused', { timeout: 120_000 }, async () => {
    const text = await fixture()
    const docx = { name: 'kampungs.docx', bytes: await makeDocx() }
    const big = { name: 'big.md', bytes: new TextEncoder().encode(largeMarkdown(5 << 20)) }
    const notUtf8 = { name: 'latin1.md', bytes: Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) }
    const importer = new Importer({ limits: { seconds: 60, memoryMb: 64 } })
    const files = [text, docx, big, text, notUtf8, text]
    const results = await Promise.allSettled(files.map((file) => importer.import(file)))
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value.document.meta.title : (result.reason as Error).message))).toEqual([
      FIXTURE_TITLE,
      'Flood-proofing Jakarta’s kampungs',
      'big.md: It needs more than 64 MB of memory to import, so it was stopped.',
      FIXTURE_TITLE,
      'latin1.md: It is not UTF-8 text.',
      FIXTURE_TITLE,
    ])
    // The first worker converted two files and died on the third; the second converted one and was
    // let go after refusing the next.
    expect(workers.started).toBe(3)
    await importer.close()
    expect(workers.running).toBe(0)
  })

  it('converts a file in the worker started (and warmed up) ahead of need, and stops its worker when idle, after a file or after prepare', async () => {
    const importer = new Importer({ idleSeconds: 0.05 })
    // Read before prepare: on a busy machine the read alone can outlast the idle time.
    const file = await fixture()
    importer.prepare()
    expect(workers.running).toBe(1)
    expect((await importer.import(file)).document.meta.title).toBe(FIXTURE_TITLE)
    expect(workers.started).toBe(1)
    await noThreads()
    importer.prepare()
    expect(workers.running).toBe(1)
    await noThreads()
    expect(workers.started).toBe(2)
    await importer.close()
  })

  it('on close, refuses the file being converted and any asked for later, and leaves no worker', async () => {
    const importer = new Importer()
    const converting = importer.import({ name: 'big.md', bytes: new TextEncoder().encode(largeMarkdown(5 << 20)) })
    await eventually(() => workers.running === 1, 'the worker has started')
    await importer.close()
    await expect(converting).rejects.toMatchObject({ code: 'INTERNAL', message: 'big.md: Its import stopped before it finished.' })
    await expect(importer.import(await fixture())).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'bogota-bike-lanes.md: Its import was stopped, as Casebook is closing.',
    })
    expect(workers.started).toBe(1)
    await noThreads()
  })

  it('refuses a file too large or of another kind before its worker sees it, and keeps the worker it has', async () => {
    const importer = new Importer()
    importer.prepare()
    await expect(importer.import({ name: 'huge.md', bytes: new Uint8Array((50 << 20) + 1) })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: 'huge.md: It is larger than 50 MB.',
    })
    await expect(importer.import({ name: 'notes.txt', bytes: new TextEncoder().encode('# Notes') })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE',
      message: 'notes.txt: Casebook imports Markdown (.md) and Word (.docx) files, and this is neither.',
    })
    expect((await importer.import(await fixture())).document.meta.title).toBe(FIXTURE_TITLE)
    expect(workers.started).toBe(1)
    await importer.close()
  })

  it('stores a document holding every node and mark type as the ProseMirror JSON of TipTap’s own parse', async () => {
    const body = `${markdownDocument(1, 60)}\n\n${markdownDocument(3, 60)}\n\nStruck ~~through~~ text,\\\nafter a hard break.\n`
    const file = { name: 'varied.md', bytes: new TextEncoder().encode(`---\ntitle: Varied\n---\n${body}`) }
    const importer = new Importer()
    const library = await Library.open(join(temp.path, 'data'))
    try {
      const id = await library.createFromState((await importer.import(file)).document)
      const handle = await library.open(id)
      const stored = readBody(handle.doc)
      await handle.close()
      const tiptap = new MarkdownManager({ marked: new Marked() as unknown as typeof marked, extensions: markdownExtensions })
      const expected = readBody(buildDocument('expected', newDocumentContent({ kind: 'case-study', title: 'Varied' }, tiptap.parse(body))))
      // But for images, which a Markdown file holds only with their files beside it (tests/unit/import/markdownImages.test.ts).
      const types = [...Object.keys(schema.nodes), ...Object.keys(schema.marks)].filter((type) => type !== 'image')
      expect([...typesIn(expected)].sort()).toEqual(types.sort())
      expect(stored).toEqual(expected)
    } finally {
      await library.close()
      await importer.close()
    }
  })
})
