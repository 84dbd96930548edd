import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setImmediate } from 'node:timers/promises'
import * as Y from 'yjs'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { Library } from '../../src/main/library/library.js'
import { countDatasyncs } from './countDatasyncs.js'
import { figure, median, report } from './report.js'
import { applyPatch, loadTrace, paragraphText, type Trace } from './trace.js'
import { TempDirs } from '../helpers/tempDirs.js'

/**
 * Replays automerge-paper (260k single-character edits), one Yjs transaction per edit, into a document
 * of the library with durable appends; closes (compacting) and reopens. The reference, in the same
 * run: the same edits applied to a bare Y.Doc, and Y.applyUpdate of the document's encoded state.
 */
const YIELD_EVERY = 1000
const REOPEN_REPEATS = 5

export async function libraryBench(runs: number): Promise<void> {
  const trace = loadTrace('automerge-paper')
  const edits = trace.txns.reduce((count, txn) => count + txn.patches.length, 0)
  const samples = {
    raw: [] as number[],
    emitting: [] as number[],
    replay: [] as number[],
    before: [] as number[],
    after: [] as number[],
    state: [] as number[],
    reopen: [] as number[],
    decode: [] as number[],
    commits: [] as number[],
  }

  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`library: run ${run} of ${runs}\n`)
    collectGarbage()
    samples.raw.push(rawReplay(trace, false))
    collectGarbage()
    samples.emitting.push(rawReplay(trace, true))
    collectGarbage()
    const result = await libraryRun(trace)
    for (const key of Object.keys(result) as (keyof typeof result)[]) samples[key].push(result[key])
  }

  await report('library', runs, [
    figure(`replay of ${edits.toLocaleString('en-US')} edits, durable`, 'ms', samples.replay, { name: 'raw Yjs replay', values: samples.raw }, '≤ 1.5×'),
    // Yjs encodes every transaction once anything listens to the doc's update event, as a y-websocket provider does.
    figure('the same replay, durable', 'ms', samples.replay, { name: 'Yjs replay emitting an update per edit', values: samples.emitting }),
    figure('bytes on disk after replay, before the closing compaction', 'B', samples.before, { name: 'encoded state', values: samples.state }),
    figure('bytes on disk after compaction', 'B', samples.after, { name: 'encoded state', values: samples.state }, '≤ 1.2×'),
    figure('reopen after compaction', 'ms', samples.reopen, { name: 'raw Y.applyUpdate of the state', values: samples.decode }, '≤ 1.3×'),
    figure('group commits (write + fdatasync) during the replay', 'commits', samples.commits),
  ])
}

/** The reference: the same transactions on a bare Y.Doc, with nothing listening or with an empty update listener. */
function rawReplay(trace: Trace, emitting: boolean): number {
  const doc = new Y.Doc()
  if (emitting) doc.on('update', () => {})
  const text = paragraphText(doc)
  const start = performance.now()
  for (const txn of trace.txns) for (const patch of txn.patches) doc.transact(() => applyPatch(text, patch))
  const elapsed = performance.now() - start
  if (text.toString() !== trace.endContent) throw new Error('The raw replay did not reproduce the trace.')
  return elapsed
}

async function libraryRun(trace: Trace) {
  const dirs = new TempDirs('casebook-bench-')
  const dataDir = dirs.make()
  try {
    let library = await Library.open(dataDir)
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'automerge-paper' }, { type: 'doc', content: [{ type: 'paragraph' }] }))
    const stored = await library.open(id)
    const text = paragraphText(stored.doc)
    await stored.flushed()

    const { result: replay, datasyncs: commits } = await countDatasyncs(async () => {
      const start = performance.now()
      let edits = 0
      for (const txn of trace.txns) {
        for (const patch of txn.patches) {
          stored.doc.transact(() => applyPatch(text, patch))
          // Let group commits run during the replay, as they would while someone types.
          if (++edits % YIELD_EVERY === 0) await setImmediate()
        }
      }
      await stored.flushed()
      return performance.now() - start
    })
    if (text.toString() !== trace.endContent) throw new Error('The library replay did not reproduce the trace.')

    const state = Y.encodeStateAsUpdate(stored.doc)
    const before = await folderBytes(join(dataDir, 'library'))
    await library.close()
    const after = await folderBytes(join(dataDir, 'library'))

    // Reopening and decoding take tens of milliseconds, so each is timed several times, alternately.
    const reopen: number[] = []
    const decode: number[] = []
    for (let repeat = 0; repeat < REOPEN_REPEATS; repeat += 1) {
      collectGarbage()
      const reopenStart = performance.now()
      library = await Library.open(dataDir)
      const reopened = await library.open(id)
      reopen.push(performance.now() - reopenStart)
      if (paragraphText(reopened.doc).toString() !== trace.endContent) throw new Error('The reopened document differs from the trace.')
      await library.close()

      collectGarbage()
      const decodeStart = performance.now()
      Y.applyUpdate(new Y.Doc(), state)
      decode.push(performance.now() - decodeStart)
    }

    return { replay, before, after, state: state.length, reopen: median(reopen), decode: median(decode), commits }
  } finally {
    dirs.removeAll()
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}

function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}
