import { parentPort, workerData } from 'node:worker_threads'
import MiniSearch from 'minisearch'
import type { Passage } from '../../shared/ipc/contract.js'
import { writeFileAtomic } from '../atomicFile.js'
import { readSearchIndex, SEARCH_OPTIONS, type SearchEntry, type StoredDocument, serializeSearchIndex } from './searchIndexFile.js'
import { passageOf } from './searchPassage.js'

/** What the worker is told when it starts. */
export interface SearchWorkerData {
  path: string
  /** How long after the last change the file is written. */
  writeDelayMs: number
  /**
   * How long after the first change not written the file is written, even if changes keep coming: a
   * rebuild of 5,000 documents changes the index for a minute, and a quit meanwhile would otherwise
   * leave all of it to the close, whose write then takes seconds, or to the next launch.
   */
  longestWriteDelayMs: number
}

export type SearchWorkerRequest =
  | { type: 'loaded'; seq: number }
  | { type: 'add'; entry: SearchEntry; stamp: string | null }
  | { type: 'remove'; id: string }
  | { type: 'search'; seq: number; query: string }
  | { type: 'write'; seq: number }

export type SearchWorkerReply =
  /** Every document the index holds, with its stamp: answered once the file is read. */
  | { type: 'loaded'; seq: number; stamps: Array<[string, string | null]> }
  /** The hits, best first; `broken` when the index failed and was emptied, to be rebuilt. */
  | { type: 'search'; seq: number; hits: Array<{ id: string; passage: Passage | null }>; broken: boolean }
  | { type: 'write'; seq: number; problem: string | null }
  | { type: 'warning'; message: string; problem: string }

/** Passages are cut for the first hits only: those are the ones read, and each costs a scan of a body. */
export const PASSAGE_HITS = 50

/**
 * The search index, in a thread of its own so that loading it, searching it and writing it (seconds
 * of JSON for thousands of documents) never hold up the back end's main thread, which answers the
 * renderer. It loads the file at once, then handles requests in order (a search sent during the
 * load waits for the load only), and writes the file `writeDelayMs` after the last change, and when
 * asked (at close).
 */
const { path, writeDelayMs, longestWriteDelayMs } = workerData as SearchWorkerData
let index = new MiniSearch<SearchEntry>(SEARCH_OPTIONS)
let documents = new Map<string, StoredDocument>()
let dirty = false
/** When the index first changed since it was last written (Date.now()), or null. */
let changedSince: number | null = null
let timer: NodeJS.Timeout | undefined
let queue = readSearchIndex(path).then((stored) => {
  if (stored) ({ index, documents } = stored)
  else dirty = true
})

const reply = (message: SearchWorkerReply) => parentPort?.postMessage(message)
parentPort?.on('message', (request: SearchWorkerRequest) => {
  queue = queue
    .then(() => handle(request))
    .catch((error: unknown) =>
      reply({ type: 'warning', message: `The search index could not take a ${request.type} request.`, problem: (error as Error).message }),
    )
})

async function handle(request: SearchWorkerRequest): Promise<void> {
  switch (request.type) {
    case 'loaded':
      return reply({ type: 'loaded', seq: request.seq, stamps: [...documents].map(([id, { stamp }]) => [id, stamp]) })
    case 'add': {
      const entry = { ...request.entry, body: request.entry.body.replace(/\s+/g, ' ').trim() }
      if (index.has(entry.id)) index.discard(entry.id)
      index.add(entry)
      documents.set(entry.id, { stamp: request.stamp, text: entry.body })
      return changed()
    }
    case 'remove':
      if (index.has(request.id)) index.discard(request.id)
      documents.delete(request.id)
      return changed()
    case 'search':
      return reply({ type: 'search', seq: request.seq, ...search(request.query) })
    case 'write':
      clearTimeout(timer)
      return reply({ type: 'write', seq: request.seq, problem: await write() })
  }
}

function search(query: string): { hits: Array<{ id: string; passage: Passage | null }>; broken: boolean } {
  try {
    const results = index.search(query)
    const hits = results.map((result, i) => ({
      id: String(result.id),
      passage: i < PASSAGE_HITS ? passageOf(documents.get(String(result.id))?.text ?? '', result.terms) : null,
    }))
    return { hits, broken: false }
  } catch {
    // An index that loaded but does not hold together: emptied, and rebuilt from the documents.
    index = new MiniSearch<SearchEntry>(SEARCH_OPTIONS)
    documents = new Map()
    changed()
    return { hits: [], broken: true }
  }
}

function changed(): void {
  dirty = true
  changedSince ??= Date.now()
  clearTimeout(timer)
  const delay = Math.min(writeDelayMs, changedSince + longestWriteDelayMs - Date.now())
  timer = setTimeout(
    () => {
      queue = queue.then(async () => {
        const problem = await write()
        if (problem) reply({ type: 'warning', message: 'The search index could not be written; it is written again after the next change.', problem })
      })
    },
    Math.max(0, delay),
  )
}

/** Writes the file if the index changed since; returns what went wrong, if anything. */
async function write(): Promise<string | null> {
  if (!dirty) return null
  dirty = false
  changedSince = null
  try {
    await writeFileAtomic(path, serializeSearchIndex(index, documents))
    return null
  } catch (error) {
    dirty = true
    return (error as Error).message
  }
}
