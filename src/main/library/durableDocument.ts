import { mkdir, readFile, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { PRIVATE_DIR } from '../privateDataDir.js'
import { fsyncDir, isTemporaryName, writeDurably, writeFileAtomic } from '../atomicFile.js'
import { MAGIC, MAGIC_BYTES, encodeFile, scanFrames } from './frames.js'
import { PendingChanges } from './pendingChanges.js'
import { UpdateLog, type TailRepair } from './updateLog.js'

/** A document's folder holds these: the snapshot, the log of updates since (once it was edited), and named versions. */
export const SNAPSHOT_FILE = 'snapshot'
export const LOG_FILE = 'log'
export const VERSIONS_DIR = 'versions'

/**
 * A write that failed with nobody waiting for it: a commit of the log (`save`: the changes since
 * are not on disk, and the document must be opened again to save any), or a compaction (`compaction`:
 * nothing is lost, the log still holds every change).
 */
export interface StorageFailure {
  during: 'save' | 'compaction'
  error: unknown
}

export interface LoadOptions {
  policy: CompactionPolicy
  onRepair: (repair: TailRepair) => void
  onStorageFailure: (failure: StorageFailure) => void
}

export interface CompactionPolicy {
  /** While editing, compact once the log exceeds the larger of this and `snapshotRatio` × the snapshot. */
  minBytes: number
  snapshotRatio: number
  /** On close, compact when the log holds more than this, so the next open reads one snapshot. */
  onCloseBytes: number
}

/**
 * Compacting costs an encode of the whole document, so while editing it waits until the log is
 * several times the snapshot; small logs are left alone on close so that a quick edit from the CLI
 * does not rewrite the snapshot every time.
 */
export const DEFAULT_COMPACTION: CompactionPolicy = { minBytes: 1 << 20, snapshotRatio: 8, onCloseBytes: 64 << 10 }

/**
 * Writes a new document into an empty folder, durably: its snapshot alone. Its log is made, durably,
 * at its first commit (UpdateLog), so that a document stored and never edited, as most of a bulk
 * import are, costs one file and one fsync less, and opening it writes nothing.
 */
export async function writeNewDocumentFiles(dir: string, state: Uint8Array): Promise<void> {
  await mkdir(dir, PRIVATE_DIR)
  await writeDurably(join(dir, SNAPSHOT_FILE), encodeFile(MAGIC.snapshot, [state]))
  await fsyncDir(dir)
}

/**
 * A loaded document: its Y.Doc plus the log that every change to it is appended to. Whatever changes
 * the doc (the editor, sync, a meta edit) is persisted: the changes made in one turn of the event
 * loop are appended as one update.
 */
export class DurableDocument {
  private compacting: Promise<void> | null = null
  private closing: Promise<void> | null = null
  private readonly changes: PendingChanges
  private appendScheduled = false
  /**
   * The doc's state when its close began. Edits made after that are not saved, so no snapshot may
   * hold them either: the library's index stops following the meta at that moment.
   */
  private finalState: Uint8Array | null = null

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    private readonly dir: string,
    private readonly log: UpdateLog,
    private snapshotBytes: number,
    private readonly options: LoadOptions,
  ) {
    this.changes = new PendingChanges(doc, () => this.scheduleAppend())
  }

  static async load(dir: string, id: string, options: LoadOptions): Promise<DurableDocument> {
    await removeTemporaryFiles(dir)
    await removeTemporaryFiles(join(dir, VERSIONS_DIR))
    const snapshot = await readSnapshot(join(dir, SNAPSHOT_FILE), id)
    let stored: DurableDocument | undefined
    const { log, updates, repair } = await UpdateLog.open(join(dir, LOG_FILE), {
      onCommit: () => stored?.compactIfLarge(),
      onFailure: (error) => options.onStorageFailure({ during: 'save', error }),
    })
    if (repair) options.onRepair(repair)
    const doc = new Y.Doc({ guid: id })
    try {
      Y.applyUpdate(doc, snapshot)
      // One transaction for the whole log: far faster than one per update.
      doc.transact(() => {
        for (const update of updates) Y.applyUpdate(doc, update)
      })
    } catch (error) {
      await log.close()
      throw new CasebookError('DOCUMENT_DAMAGED', `Document ${id} is damaged: its saved changes cannot be read (${(error as Error).message}).`, {
        cause: error,
        reason: 'damaged',
      })
    }
    stored = new DurableDocument(id, doc, dir, log, snapshot.length, options)
    stored.compactIfLarge()
    return stored
  }

  /** Resolves once every change made to the doc so far is on disk. */
  flushed(): Promise<void> {
    if (this.closing) return Promise.reject(closedError(this.id))
    this.appendChanges()
    return this.log.flushed()
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.appendChanges()
      this.changes.destroy()
      // A compaction under way may not have captured the doc yet, so it too must use the final state.
      if (this.compacting || this.log.bytes - MAGIC_BYTES > this.options.policy.onCloseBytes) this.finalState = Y.encodeStateAsUpdate(this.doc)
      // Compaction only saves the next open some work: if it fails, the log still holds every update.
      await this.compacting?.catch(() => {})
      if (this.finalState && this.log.bytes - MAGIC_BYTES > this.options.policy.onCloseBytes)
        await this.compactNow().catch((error) => this.compactionFailed(error))
      // Handles may keep a closed document alive; its final state is no longer needed.
      this.finalState = null
      await this.log.close()
    })()
    return this.closing
  }

  private scheduleAppend(): void {
    if (this.appendScheduled) return
    this.appendScheduled = true
    setImmediate(() => {
      this.appendScheduled = false
      this.appendChanges()
    })
  }

  private appendChanges(): void {
    const update = this.changes.take()
    if (update) this.log.append(update)
  }

  /** The snapshot also holds changes not yet appended; appending them later as well is harmless. */
  private compactNow(): Promise<void> {
    this.compacting ??= this.log
      .replaceWithSnapshot(
        () => this.finalState ?? Y.encodeStateAsUpdate(this.doc),
        async (state) => {
          await writeFileAtomic(join(this.dir, SNAPSHOT_FILE), encodeFile(MAGIC.snapshot, [state]))
          this.snapshotBytes = state.length
        },
      )
      .finally(() => {
        this.compacting = null
      })
    return this.compacting
  }

  private compactIfLarge(): void {
    const threshold = Math.max(this.options.policy.minBytes, this.options.policy.snapshotRatio * this.snapshotBytes)
    if (this.compacting || this.closing || this.log.bytes - MAGIC_BYTES <= threshold) return
    // A failed compaction loses nothing (see close), and the next commit tries again.
    this.compactNow().catch((error) => this.compactionFailed(error))
  }

  /** A log that can no longer be written fails its compactions too, and was told already. */
  private compactionFailed(error: unknown): void {
    if (!isCasebookError(error, 'STORAGE_FAILED')) this.options.onStorageFailure({ during: 'compaction', error })
  }
}

export function closedError(id: string): CasebookError {
  return new CasebookError('DOCUMENT_CLOSED', `Document ${id} was closed; open it again to edit it.`, { reason: 'closed' })
}

async function readSnapshot(path: string, id: string): Promise<Uint8Array> {
  const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new CasebookError('DOCUMENT_DAMAGED', `Document ${id} is damaged: its snapshot file is missing.`, { reason: 'damaged' })
    throw error
  })
  const scan = scanFrames(content, MAGIC.snapshot)
  const [state] = scan.payloads
  if (scan.damage || scan.payloads.length !== 1 || !state) {
    throw new CasebookError('DOCUMENT_DAMAGED', `Document ${id} is damaged: its snapshot ${scan.damage ?? 'has an unexpected layout'}.`, { reason: 'damaged' })
  }
  return state
}

/** Temporary files left by a crash mid-write are incomplete by definition. */
async function removeTemporaryFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return []
    throw error
  })
  await Promise.all(names.filter(isTemporaryName).map((name) => unlink(join(dir, name))))
}
