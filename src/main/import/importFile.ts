import { basename } from 'node:path'
import { Worker } from 'node:worker_threads'
import { CasebookError, type ErrorCode } from '../../shared/errors.js'
import type { ImportedFile } from './convertFile.js'

export type { ImportedFile } from './convertFile.js'

/** How long one file's import may take, and how much memory (its worker's JavaScript heap) it may use. */
export interface ImportLimits {
  seconds: number
  memoryMb: number
}

/**
 * Room for the largest files a case study is made from. The worker does the whole conversion, the
 * Y.Doc included, which for 10 MB of Markdown holds about 1 GB of heap at its peak: done in 28 s on
 * a busy two-core machine (52 s, collecting garbage, under a 1 GB ceiling), and once past 60 s when
 * six people's tests ran there. A Word file of 145 KB whose text unpacks to 47 MB is stopped at this
 * ceiling after 43 s there, at 1.7 GB of resident memory (at a 1 GB ceiling: 25 s, 1.2 GB).
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { seconds: 120, memoryMb: 1536 }

export interface ImportRequest {
  path: string
  network: string | undefined
}

export type ImportReply = { ok: true; file: ImportedFile } | { ok: false; code: ErrorCode; message: string }

/**
 * The worker's bundle sits beside the bundle that holds this code, in dist/cli and in dist/electron
 * (scripts/build.mjs builds both). Run from the sources, as the tests do, this code starts the
 * command line's bundle of it, which needs nothing else (the tests' global setup builds it).
 */
const WORKER = import.meta.url.endsWith('.ts') ? new URL('../../../dist/cli/importWorker.js', import.meta.url) : new URL('./importWorker.js', import.meta.url)

/**
 * Reads and converts one file into a validated new document, writing nothing, in a worker of its own
 * that is stopped when it passes the time limit or its heap passes the memory limit: a file made to
 * be slow or huge to convert stalls or crashes nothing. Every problem is a CasebookError whose message
 * starts with the file name.
 */
export function importFile(path: string, options: { network?: string | undefined; limits?: ImportLimits } = {}): Promise<ImportedFile> {
  const { seconds, memoryMb } = options.limits ?? DEFAULT_IMPORT_LIMITS
  const request: ImportRequest = { path, network: options.network }
  return new Promise((resolve, reject) => {
    const refuse = (code: ErrorCode, message: string) => reject(new CasebookError(code, `${basename(path)}: ${message}`))
    const worker = new Worker(WORKER, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: memoryMb } })
    const timer = setTimeout(() => {
      refuse('IMPORT_LIMIT', `It took more than ${seconds} s to import, so it was stopped.`)
      void worker.terminate()
    }, seconds * 1000)
    worker.on('message', (reply: ImportReply) => (reply.ok ? resolve(reply.file) : refuse(reply.code, reply.message)))
    worker.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') refuse('IMPORT_LIMIT', `It needs more than ${memoryMb} MB of memory to import, so it was stopped.`)
      // Thrown outside the conversion's promise (by a library's timer, say): still this file's import alone.
      else refuse('INTERNAL', `Its import failed (${error.message}).`)
    })
    // Whatever happened first settled the promise; an exit without a word is a crash.
    worker.on('exit', () => {
      clearTimeout(timer)
      refuse('INTERNAL', 'Its import stopped before it finished.')
    })
  })
}
