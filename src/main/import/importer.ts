import { Worker } from 'node:worker_threads'
import { CasebookError, type ErrorCode, type ErrorDetail } from '../../shared/errors.js'
import { checkImportable } from '../../shared/ipc/importableFile.js'
import type { FileToImport, ImportedFile, ImportOptions } from './convertFile.js'

export type { FileToImport, ImportedFile } from './convertFile.js'

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

/** An idle worker holds some 100 MB; one kept this long after a file is ready for the next file of a batch. */
const IDLE_SECONDS = 30

export interface ImportRequest extends FileToImport, ImportOptions {}

/** What a worker is told when it starts. */
export interface ImportWorkerData {
  /** Whether to warm V8 up before the first file: only when started ahead of need, as the warm-up delays that file. */
  warmUp: boolean
}

export type ImportReply = { ok: true; file: ImportedFile } | ({ ok: false; code: ErrorCode; message: string } & ErrorDetail)

export interface ImporterOptions {
  limits?: ImportLimits
  /** How long the worker is kept once idle. */
  idleSeconds?: number
}

/**
 * The worker's bundle sits beside the bundle that holds this code, in dist/cli and in dist/electron
 * (scripts/build.mjs builds both). Run from the sources, as the tests do, this code starts the
 * command line's bundle of it, which needs nothing else (the tests' global setup builds it).
 */
const WORKER = import.meta.url.endsWith('.ts') ? new URL('../../../dist/cli/importWorker.js', import.meta.url) : new URL('./importWorker.js', import.meta.url)

/**
 * Converts files into validated new documents, writing nothing, one file at a time in a
 * worker that is stopped when a file passes the time limit or the worker's heap passes the memory
 * limit: a file made to be slow or huge to convert stalls or crashes nothing. Every problem is a
 * CasebookError whose message starts with the file name.
 *
 * Starting a worker, loading its bundle and warming it up take about as long as converting 1 MB of
 * Markdown, so the worker is kept for the next file: started ahead of need by `prepare` (and only
 * then warmed up), stopped when idle for `idleSeconds`, and by `close`. A file that is refused, for whatever reason, ends its
 * worker, so that nothing it left behind counts against the next file's limits.
 */
export class Importer {
  readonly limits: ImportLimits
  readonly #idleSeconds: number
  #worker: Worker | undefined
  #idleTimer: NodeJS.Timeout | undefined
  #busy = false
  #closed = false
  /** The files asked for, converted in turn. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ImporterOptions = {}) {
    this.limits = options.limits ?? DEFAULT_IMPORT_LIMITS
    this.#idleSeconds = options.idleSeconds ?? IDLE_SECONDS
  }

  /** Starts the worker if none is running, so that it is ready by the time a file is picked. */
  prepare(): void {
    if (this.#closed || this.#busy) return
    this.#started({ warmUp: true })
    this.#idleAfterwards()
  }

  /** Converts a file once the files asked for before it are; one too large or of another kind is refused at once. */
  import(file: FileToImport, options: ImportOptions = {}): Promise<ImportedFile> {
    try {
      checkImportable(file.name, file.bytes.byteLength)
    } catch (error) {
      return Promise.reject(error)
    }
    const converted = this.#queue.then(() => this.#convert({ ...file, network: options.network }))
    this.#queue = converted.catch(() => {})
    return converted
  }

  /** Stops the worker for good: the file being converted, and any asked for after it, are refused. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#idleTimer)
    if (this.#worker) await this.#stop(this.#worker)
  }

  #convert(request: ImportRequest): Promise<ImportedFile> {
    const { seconds, memoryMb } = this.limits
    if (this.#closed)
      return Promise.reject(
        new CasebookError('INTERNAL', `${request.name}: Its import was stopped, as Casebook is closing.`, {
          reason: 'importStopped',
          params: { name: request.name },
        }),
      )
    const worker = this.#started({ warmUp: false })
    clearTimeout(this.#idleTimer)
    this.#busy = true
    return new Promise((resolve, reject) => {
      const settle = (keep: boolean) => {
        this.#busy = false
        clearTimeout(timer)
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        if (keep) this.#idleAfterwards()
        else void this.#stop(worker)
      }
      // The file's name goes into the English message and the params; the renderer shows it beside the reason.
      const refuse = (code: ErrorCode, message: string, { reason, params }: ErrorDetail = {}) => {
        settle(false)
        reject(new CasebookError(code, `${request.name}: ${message}`, { ...(reason ? { reason } : {}), params: { ...params, name: request.name } }))
      }
      const onMessage = (reply: ImportReply) => {
        if (!reply.ok) return refuse(reply.code, reply.message, reply)
        settle(true)
        resolve(reply.file)
      }
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
          refuse('IMPORT_LIMIT', `It needs more than ${memoryMb} MB of memory to import, so it was stopped.`, { reason: 'memory', params: { limit: memoryMb } })
        // Thrown outside the conversion's promise (by a library's timer, say): still this file's import alone.
        else refuse('INTERNAL', `Its import failed (${error.message}).`, { reason: 'importFailed', params: { problem: error.message } })
      }
      // An error comes before the exit it causes; an exit without a word is a crash, or close().
      const onExit = () => refuse('INTERNAL', 'Its import stopped before it finished.', { reason: 'importCrashed' })
      const timer = setTimeout(
        () => refuse('IMPORT_LIMIT', `It took more than ${seconds} s to import, so it was stopped.`, { reason: 'time', params: { limit: seconds } }),
        seconds * 1000,
      )
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
      worker.postMessage(request)
    })
  }

  /** The running worker, or a new one. */
  #started(workerData: ImportWorkerData): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(WORKER, { workerData, resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } })
    this.#worker = worker
    // An error while no file is being converted ends the worker, and the next file starts another.
    worker.on('error', () => {})
    worker.once('exit', () => {
      if (this.#worker === worker) this.#worker = undefined
    })
    return worker
  }

  #idleAfterwards(): void {
    clearTimeout(this.#idleTimer)
    this.#idleTimer = setTimeout(() => this.#worker && void this.#stop(this.#worker), this.#idleSeconds * 1000)
  }

  /** Lets go of the worker at once, so that the next file starts another while this one exits. */
  async #stop(worker: Worker): Promise<void> {
    if (this.#worker === worker) this.#worker = undefined
    await worker.terminate()
  }
}
