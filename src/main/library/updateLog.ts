import { open, readFile, type FileHandle } from 'node:fs/promises'
import { CasebookError } from '../../shared/errors.js'
import { describeFsError, storageReason } from '../fsErrors.js'
import { PRIVATE_FILE } from '../privateDataDir.js'
import { writeFileAtomic } from '../atomicFile.js'
import { FRAME_HEADER_BYTES, MAGIC, MAGIC_BYTES, scanFrames, writeFrame } from './frames.js'

/** What was cut from a damaged file when it was opened. The cut bytes are kept beside it. */
export interface TailRepair {
  file: string
  droppedBytes: number
  reason: string
  savedTo: string
}

/**
 * Appends are framed into a buffer while they wait for a commit; it grows by doubling when a burst
 * needs more. Two buffers take turns (one being written, one filling), and one that grew past
 * KEEP_BUFFER_BYTES is dropped after its commit rather than kept for the next burst.
 */
const INITIAL_BUFFER_BYTES = 4 << 10
const KEEP_BUFFER_BYTES = 1 << 20

export interface LogHooks {
  /** After each commit has landed. */
  onCommit?: () => void
  /** The first failed write: nothing appended since will be saved by this log. */
  onFailure?: (error: CasebookError) => void
}

interface Waiter {
  seq: number
  resolve: () => void
  reject: (error: Error) => void
}

/**
 * A document's append-only log of Yjs updates, with group commit: appends are queued in memory and a
 * single write plus fdatasync carries every update queued since the previous one. An append counts as
 * durable only once that fdatasync has returned; `flushed()` waits for it.
 *
 * All file operations (commits, and the truncation that follows a compaction) run one at a time on
 * `chain`, so a compaction never interleaves with a commit.
 */
export class UpdateLog {
  private pending = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES)
  private pendingBytes = 0
  /** Bytes of the commit being written, which count as the log's until it lands or fails. */
  private writingBytes = 0
  private spare = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES)
  private appended = 0
  private durable = 0
  private waiters: Waiter[] = []
  private chain: Promise<unknown> = Promise.resolve()
  private commitQueued = false
  private failure: CasebookError | null = null
  private closed = false
  /** Number of write-and-fdatasync rounds so far. */
  commits = 0

  private constructor(
    private readonly path: string,
    /** None until the first commit when the log was missing or empty: opening a document writes nothing. */
    private file: FileHandle | null,
    /** Bytes on disk, including the magic. */
    public size: number,
    private readonly hooks: LogHooks,
  ) {}

  /**
   * Opens a log and returns the updates it holds; one that is missing or empty is made (see `opened`)
   * at its first commit. A torn or corrupt tail is cut off, saved to a `.damaged` file beside the log,
   * and reported; everything before it is kept.
   */
  static async open(path: string, hooks: LogHooks = {}): Promise<{ log: UpdateLog; updates: Uint8Array[]; repair?: TailRepair }> {
    const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0)
      throw error
    })
    const scan = scanFrames(content, MAGIC.log)
    let repair: TailRepair | undefined
    if (content.length === 0) return { log: new UpdateLog(path, null, MAGIC_BYTES, hooks), updates: [] }
    if (scan.damage) {
      const savedTo = `${path}.${Date.now()}.damaged`
      await writeFileAtomic(savedTo, content.subarray(scan.validBytes))
      // A damaged header leaves nothing to keep: start the log afresh.
      await writeFileAtomic(path, scan.validBytes === 0 ? MAGIC.log : content.subarray(0, scan.validBytes))
      repair = { file: path, droppedBytes: content.length - scan.validBytes, reason: scan.damage, savedTo }
    }
    const file = await open(path, 'a', PRIVATE_FILE)
    const size = Math.max(scan.validBytes, MAGIC_BYTES)
    // Copies, because the payloads are views into `content`, which would otherwise stay alive.
    const updates = scan.payloads.map((payload) => Uint8Array.from(payload))
    return { log: new UpdateLog(path, file, size, hooks), updates, ...(repair ? { repair } : {}) }
  }

  /** Bytes on disk plus bytes being written or waiting for the next commit. */
  get bytes(): number {
    return this.size + this.writingBytes + this.pendingBytes
  }

  append(update: Uint8Array): void {
    const needed = this.pendingBytes + FRAME_HEADER_BYTES + update.byteLength
    if (needed > this.pending.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.pending.length))
      this.pending.copy(larger, 0, 0, this.pendingBytes)
      this.pending = larger
    }
    this.pendingBytes = writeFrame(this.pending, this.pendingBytes, update)
    this.appended += 1
    if (!this.commitQueued) {
      this.commitQueued = true
      // setImmediate rather than a microtask, so that a burst of appends lands in one commit.
      setImmediate(() => void this.enqueue(() => this.commit()))
    }
  }

  /** Resolves once every update appended so far is on disk. */
  flushed(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.durable >= this.appended) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ seq: this.appended, resolve, reject }))
  }

  /**
   * Replaces the log's content with a snapshot. `capture` must return a state that includes every
   * update appended so far; `persist` must make it durable elsewhere. Then the log is emptied. A crash
   * at any point leaves a snapshot and a log whose updates it may already hold, which Yjs applies
   * idempotently.
   */
  replaceWithSnapshot(capture: () => Uint8Array, persist: (state: Uint8Array) => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      if (this.failure) throw this.failure
      // Another loader may own the files by now: a closed log must not replace the snapshot.
      if (this.closed) throw new CasebookError('STORAGE_FAILED', `The log ${this.path} is closed.`, { reason: 'failed' })
      const covered = this.appended
      const coveredBytes = this.pendingBytes
      await persist(capture())
      // Updates queued before the capture are in the snapshot; later ones stay queued.
      this.pending.copyWithin(0, coveredBytes, this.pendingBytes)
      this.pendingBytes -= coveredBytes
      // Whatever happens to the truncation, the snapshot now holds every covered update.
      this.settle(covered)
      const file = this.file
      // A log never committed to holds nothing to empty.
      if (file) {
        await this.guard(async () => {
          await file.truncate(MAGIC_BYTES)
          await file.datasync()
        })
      }
      if (this.failure) throw this.failure
      this.size = MAGIC_BYTES
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    await this.enqueue(() => this.commit())
    this.closed = true
    await this.file?.close()
    if (this.failure) throw this.failure
  }

  private async commit(): Promise<void> {
    this.commitQueued = false
    if (this.pendingBytes === 0 || this.failure) return
    // Appends made while this batch is written go to the other buffer.
    const written = this.pending
    const batch = written.subarray(0, this.pendingBytes)
    const upTo = this.appended
    this.pending = this.spare
    this.pendingBytes = 0
    this.writingBytes = batch.length
    await this.guard(async () => {
      const file = await this.opened()
      for (let offset = 0; offset < batch.length; ) {
        const { bytesWritten } = await file.write(batch, offset, batch.length - offset)
        offset += bytesWritten
      }
      await file.datasync()
    })
    this.writingBytes = 0
    this.spare = written.length > KEEP_BUFFER_BYTES ? Buffer.allocUnsafe(INITIAL_BUFFER_BYTES) : written
    if (this.failure) return
    this.size += batch.length
    this.commits += 1
    this.settle(upTo)
    this.hooks.onCommit?.()
  }

  /** The log's file, made first if need be: its magic alone, durably (written beside, fsynced, renamed in, the folder fsynced). */
  private async opened(): Promise<FileHandle> {
    if (!this.file) {
      await writeFileAtomic(this.path, MAGIC.log)
      this.file = await open(this.path, 'a', PRIVATE_FILE)
    }
    return this.file
  }

  /**
   * Runs a file operation; a failure is kept, rejects every waiter, stops further commits, and is told
   * once, since nobody may be waiting for this commit.
   */
  private async guard(operation: () => Promise<void>): Promise<void> {
    try {
      await operation()
    } catch (error) {
      const first = this.failure === null
      this.failure = new CasebookError('STORAGE_FAILED', `Could not save changes to ${this.path}: ${describeFsError(error)}.`, {
        cause: error,
        reason: storageReason(error),
      })
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure)
      if (first) this.hooks.onFailure?.(this.failure)
    }
  }

  private settle(seq: number): void {
    this.durable = Math.max(this.durable, seq)
    const ready = this.waiters.filter((waiter) => waiter.seq <= this.durable)
    this.waiters = this.waiters.filter((waiter) => waiter.seq > this.durable)
    for (const waiter of ready) waiter.resolve()
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task)
    this.chain = run.catch(() => {})
    return run
  }
}
