import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { Library } from '../../src/main/library/library.js'
import { bodyChanges } from '../../src/shared/model/bodyChanges.js'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'
import { newDocumentContent, readBody } from '../../src/shared/model/documentBody.js'
import { schema } from '../../src/shared/model/schema.js'
import { versionUpdate } from '../../src/shared/model/versionHistory.js'
import { figure, report } from './report.js'
import { loadTrace } from './trace.js'

const VERSIONS = 40

/**
 * Version history (`BENCH_ONLY=history`), on a library in a temporary folder: the automerge-paper
 * written as a case study, a paragraph per line, in VERSIONS steps of its trace, each step brought
 * into the document as an edit (updateYFragment, as a restore does) and saved as a version, so that
 * the history holds two full states and differences between them, as a document's would.
 * - Opening the History panel: the versions listed (what `library.versions` answers: the history
 *   file read, every entry checked and its hash computed), against raw Yjs loading the history's state.
 * - Comparing a version with the text now: both bodies read (what `library.version` answers) and
 *   bodyChanges, for the version halfway through the paper and the one before last, against raw Yjs
 *   loading that version's whole state.
 */
export async function historyBench(runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-history-bench-'))
  const library = await Library.open(dir)
  try {
    const id = await writeThePaper(library)
    const versions = await library.versions(id)
    const halfway = versions[VERSIONS / 2 - 1]!
    const late = versions.at(-2)!
    const times = { list: [] as number[], rawHistory: [] as number[], halfway: [] as number[], late: [] as number[], rawVersion: [] as number[] }
    const changes: Record<string, number> = {}
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`history: run ${run} of ${runs}\n`)
      const history = await library.history(id)
      const state = Y.encodeStateAsUpdate(history.doc)
      times.rawHistory.push(timed(() => Y.applyUpdate(new Y.Doc(), state)))
      times.list.push(await timedAsync(() => library.versions(id)))
      const versionState = versionUpdate(history.doc, halfway.id)
      times.rawVersion.push(timed(() => Y.applyUpdate(new Y.Doc(), versionState)))
      for (const [version, into] of [
        [halfway, times.halfway],
        [late, times.late],
      ] as const)
        into.push(
          await timedAsync(async () => {
            const [old, handle] = [await library.readVersion(id, version.id), await library.open(id)]
            changes[version.id] = bodyChanges(readBody(old), readBody(handle.doc)).length
            await handle.close()
          }),
        )
    }
    const history = await library.history(id)
    const bytes = Y.encodeStateAsUpdate(history.doc).byteLength
    await report('history', runs, [
      figure(
        `open the History panel: list ${VERSIONS} versions of automerge-paper`,
        'ms',
        times.list,
        { name: 'raw Yjs loading the history', values: times.rawHistory },
        '≤ 500 ms',
      ),
      figure('  the history’s size', 'KB', [Math.round(bytes / 1024)]),
      figure(
        `compare the halfway version with the text now (${changes[halfway.id]} changes)`,
        'ms',
        times.halfway,
        { name: 'raw Yjs loading that version', values: times.rawVersion },
        '≤ 500 ms',
      ),
      figure(
        `compare the version before last with the text now (${changes[late.id]} changes)`,
        'ms',
        times.late,
        { name: 'raw Yjs loading the halfway version', values: times.rawVersion },
        '≤ 500 ms',
      ),
    ])
  } finally {
    await library.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The paper, written in VERSIONS steps of its trace, each saved as a version; its id. */
async function writeThePaper(library: Library): Promise<string> {
  const trace = loadTrace('automerge-paper')
  const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Automerge paper' }, { type: 'doc', content: [{ type: 'paragraph' }] }))
  const handle = await library.open(id)
  let text = trace.startContent
  const step = Math.ceil(trace.txns.length / VERSIONS)
  for (let start = 0; start < trace.txns.length; start += step) {
    for (const { patches } of trace.txns.slice(start, start + step))
      for (const [position, deleted, inserted] of patches) text = text.slice(0, position) + inserted + text.slice(position + deleted)
    const lines = text.split('\n').filter((line) => line.trim())
    const body = schema.nodeFromJSON({ type: 'doc', content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })) })
    updateYFragment(handle.doc, handle.doc.getXmlFragment(BODY_FRAGMENT), body, { mapping: new Map(), isOMark: new Map() })
    await library.saveVersion(id, { label: `Step ${start / step + 1}`, author: 'Bench' })
  }
  await handle.close()
  return id
}

function timed(work: () => void): number {
  const start = performance.now()
  work()
  return performance.now() - start
}

async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}
