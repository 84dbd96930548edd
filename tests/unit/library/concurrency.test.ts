import { setTimeout as sleep } from 'node:timers/promises'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMeta, writeMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import type { DocumentHandle } from '../../../src/main/library/documentHandle.js'
import { Library } from '../../../src/main/library/library.js'
import { UpdateLog } from '../../../src/main/library/updateLog.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { patchFileHandle } from '../../helpers/patchFileHandle.js'
import { seededRandom } from '../../helpers/seededRandom.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * Random interleavings of open, edit, close, trash, restore, saveVersion and create on three documents
 * (with a compaction policy small enough that edits and closes compact often), with every file write
 * and sync delayed at random, and the library closed part-way. After each run: no edit whose
 * flushed() resolved is missing, no document ever had two open logs, nothing hung, and after a clean
 * close the index agrees with every document.
 */
describe('the library under random concurrent use', () => {
  const temp = useTempDir()
  let rand = seededRandom(1)
  const restores: (() => void)[] = []
  const openLogs = new Map<string, number>()
  const violations: string[] = []
  const originalOpen = UpdateLog.open.bind(UpdateLog)

  beforeAll(async () => {
    for (const method of ['write', 'datasync', 'sync', 'writeFile', 'truncate'] as const) {
      restores.push(
        await patchFileHandle(
          method,
          (original) =>
            async function (this: unknown, ...args: unknown[]) {
              if (rand() < 0.5) await sleep(Math.floor(rand() * 3))
              return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args)
            } as never,
        ),
      )
    }
    // Counts the logs open on each folder: two at once would be two writers.
    UpdateLog.open = async (path, hooks) => {
      const opened = await originalOpen(path, hooks)
      openLogs.set(path, (openLogs.get(path) ?? 0) + 1)
      if (openLogs.get(path)! > 1) violations.push(`two open logs on ${path}`)
      const close = opened.log.close.bind(opened.log)
      let counted = false
      opened.log.close = async () => {
        try {
          await close()
        } finally {
          if (!counted) openLogs.set(path, openLogs.get(path)! - 1)
          counted = true
        }
      }
      return opened
    }
  })
  afterAll(() => {
    UpdateLog.open = originalOpen
    for (const restore of restores) restore()
  })

  it.each([1, 2, 3, 4, 5])('seed %i', { timeout: 60_000 }, async (seed) => {
    rand = seededRandom(seed)
    violations.length = 0
    const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!
    const library = await Library.open(temp.path, { compaction: { minBytes: 300, snapshotRatio: 1, onCloseBytes: 200 } })
    const empty = { type: 'doc', content: [] }
    const ids: string[] = []
    for (let n = 0; n < 3; n += 1) ids.push(await library.create(newDocumentContent({ kind: 'case-study', title: `d${n}` }, empty)))
    const durable = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]))
    const handles: DocumentHandle[] = []
    const operations: Promise<unknown>[] = []
    // Expected refusals (a closed library, a document in use or already moved) are part of the game.
    const run = (what: string, operation: () => Promise<unknown>) => {
      const hung = Symbol('hung')
      const done = operation().catch(() => {})
      // The timer is not cancelled, so it must not report anything once the operation is done.
      const outcome = Promise.race([done, sleep(15_000, hung, { ref: false })])
      operations.push(outcome.then((result) => result === hung && violations.push(`${what} hung`)))
    }
    const closeAt = 100 + Math.floor(rand() * 300)
    let closing: Promise<unknown> | null = null
    for (let step = 0, token = 0; step < 400; step += 1) {
      if (step === closeAt) closing = library.close().catch(() => {})
      const id = pick(ids)
      const roll = rand()
      if (roll < 0.2) run('open', async () => handles.push(await library.open(id)))
      else if (roll < 0.4 && handles.length) {
        const handle = pick(handles)
        const text = `t${token++}`
        if (rand() < 0.3) writeMeta(handle.doc, { title: text })
        else {
          appendParagraph(handle.doc, text)
          run('flushed', () => handle.flushed().then(() => durable.get(handle.id)!.add(text)))
        }
      } else if (roll < 0.5 && handles.length) run('close', () => handles.splice(Math.floor(rand() * handles.length), 1)[0]!.close())
      else if (roll < 0.58) run('trash', () => library.trash(id))
      else if (roll < 0.66) run('restore', () => library.restore(id))
      else if (roll < 0.72) run('saveVersion', () => library.saveVersion(id, { label: 'v', author: 'a' }))
      else if (roll < 0.78) run('create', () => library.create(newDocumentContent({ kind: 'case-study', title: 'x' }, empty)))
      if (rand() < 0.3) await sleep(Math.floor(rand() * 4))
    }
    await (closing ?? library.close().catch(() => {}))
    await Promise.all(operations)

    const reopened = await Library.open(temp.path)
    for (const id of ids) {
      if (reopened.listTrash().some((summary) => summary.id === id)) await reopened.restore(id)
      const handle = await reopened.open(id)
      const present = new Set(paragraphs(handle.doc))
      const lost = [...durable.get(id)!].filter((text) => !present.has(text))
      if (lost.length) violations.push(`${id} lost ${lost.length} durable edits, such as ${lost[0]}`)
      if (!isDeepStrictEqual(reopened.summary(id).meta, readMeta(handle.doc))) violations.push(`${id}: the index disagrees with the document`)
      await handle.close()
    }
    await reopened.close()
    expect(violations).toEqual([])
  })
})
