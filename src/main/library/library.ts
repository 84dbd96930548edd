import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { META_MAP, buildDocument, readMeta, type DocumentContent, type DocumentState } from '../../shared/model/document.js'
import { isDocumentId } from '../../shared/model/documentId.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { parseVersionInput, type VersionInfo, type VersionInput } from '../../shared/model/version.js'
import { describeFsError, isFsError, storageError } from '../fsErrors.js'
import { acquireLock, type DataDirLock } from '../lock.js'
import { PRIVATE_DIR, makePrivateDataDir } from '../privateDataDir.js'
import { fsyncDir, isTemporaryName, writeFileAtomic } from './atomicFile.js'
import { changedDocument } from './changedDocument.js'
import { DocumentHandle } from './documentHandle.js'
import { KeyedQueue } from './keyedQueue.js'
import { LibraryIndex, stampOf, type IndexEntry, type Place } from './libraryIndex.js'
import { DEFAULT_COMPACTION, StoredDocument, writeNewDocumentFiles, type CompactionPolicy } from './storedDocument.js'
import type { TailRepair } from './updateLog.js'
import { listVersions, readVersionState, writeVersion } from './versions.js'

const FORMAT = 1
/** A shorter prefix would too often match several documents by chance. */
const MIN_PREFIX = 4

export interface Repair extends TailRepair {
  documentId: string
}

export interface LibraryOptions {
  /** Called when a damaged log tail is cut off on open; the cut bytes are saved beside the log. */
  onRepair?: (repair: Repair) => void
  compaction?: CompactionPolicy
}

export interface DocumentSummary {
  id: string
  meta: DocumentMeta
  trashedAt?: string | undefined
}

/**
 * Something that happened to a document: an edit (with the origin of its Yjs transaction, so that a
 * syncing peer can tell its own changes apart; an edit of the meta is also reported as `meta`), or a
 * create, adopt, trash or restore.
 */
export type LibraryChange = { id: string; cause: 'edit'; origin: unknown } | { id: string; cause: 'meta' | 'create' | 'adopt' | 'trash' | 'restore' }

export interface DamagedDocument {
  id: string
  problem: string
}

/** A loaded document and the number of handles open on it. */
interface Loaded {
  stored: StoredDocument
  handles: number
  stopObserving: () => void
}

/**
 * The durable local store of documents, in `<data dir>/library`:
 * - documents/<id>/ and trash/<id>/: each document's snapshot, log and versions (see StoredDocument);
 * - index.json: every document's meta, so listing loads no document;
 * - staging/: new documents are written here and renamed into documents/ whole;
 * - format.json: the layout version.
 * Opening takes the data directory's lock, so one process owns it at a time. Within the process,
 * loading, unloading, creating and moving one document run one at a time (`queue`).
 */
export class Library {
  /** Documents loaded, or queued to load, for the handles open on them. */
  private readonly loaded = new Map<string, Promise<Loaded>>()
  /** Documents whose load has finished and whose unload has not begun. */
  private readonly live = new Set<string>()
  private readonly queue = new KeyedQueue()
  private readonly damagedDocuments = new Map<string, string>()
  private readonly watchers = new Set<(change: LibraryChange) => void>()
  private closed: Promise<void> | null = null

  private constructor(
    private readonly root: string,
    private readonly lock: DataDirLock,
    private readonly index: LibraryIndex,
    private readonly onRepair: (repair: Repair) => void,
    private readonly compaction: CompactionPolicy,
  ) {}

  static async open(dataDir: string, options: LibraryOptions = {}): Promise<Library> {
    try {
      await makePrivateDataDir(dataDir)
      const lock = await acquireLock(dataDir)
      try {
        const root = join(dataDir, 'library')
        await prepareLayout(root)
        const index = await LibraryIndex.read(join(root, 'index.json'))
        const library = new Library(root, lock, index, options.onRepair ?? (() => {}), options.compaction ?? DEFAULT_COMPACTION)
        await library.reconcile()
        return library
      } catch (error) {
        await lock.release()
        throw error
      }
    } catch (error) {
      if (!isFsError(error)) throw error
      const problem = error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'it is not a folder' : describeFsError(error)
      throw new CasebookError('LIBRARY_INVALID', `Cannot use ${dataDir} as the data directory: ${problem}.`, { cause: error })
    }
  }

  /** Documents not in the trash, most recently updated first. */
  list(): DocumentSummary[] {
    return this.summaries('documents')
  }

  listTrash(): DocumentSummary[] {
    return this.summaries('trash')
  }

  /** Documents whose files cannot be read; they are left on disk untouched. */
  damaged(): DamagedDocument[] {
    return [...this.damagedDocuments].map(([id, problem]) => ({ id, problem }))
  }

  /** Turns a full id, or a unique prefix of at least four characters, into an id. */
  resolveId(text: string, place: Place = 'documents'): string {
    const ids = this.index.all().filter((entry) => entry.place === place).map((entry) => entry.id)
    if (ids.includes(text) || this.damagedDocuments.has(text)) return text
    const matches = text.length >= MIN_PREFIX ? ids.filter((id) => id.startsWith(text)) : []
    if (matches.length === 1 && matches[0]) return matches[0]
    if (matches.length > 1) {
      throw new CasebookError('AMBIGUOUS_ID', `"${text}" matches ${matches.length} documents (${matches.slice(0, 3).join(', ')}…); give more of the id.`)
    }
    const where = place === 'trash' ? ' in the trash' : ''
    throw new CasebookError('UNKNOWN_DOCUMENT', `No document${where} has the id "${text}".`)
  }

  summary(id: string): DocumentSummary {
    return toSummary(this.entry(id))
  }

  /** Calls `listener` with every change to a document of this library; returns the function that stops it. */
  watch(listener: (change: LibraryChange) => void): () => void {
    this.watchers.add(listener)
    return () => this.watchers.delete(listener)
  }

  /** Stores a new document (see newDocumentContent) and returns its id. It lands whole or not at all. */
  async create(content: DocumentContent): Promise<string> {
    this.assertOpen()
    const id = randomBytes(8).toString('hex')
    return this.storeCreated(id, Y.encodeStateAsUpdate(buildDocument(id, content)), content.meta)
  }

  /** Stores a new document built already (see newDocumentState) and returns its id. It lands whole or not at all. */
  async createFromState(document: DocumentState): Promise<string> {
    this.assertOpen()
    return this.storeCreated(randomBytes(8).toString('hex'), document.state, document.meta)
  }

  /**
   * Stores, under its own id, a document that came from elsewhere (another device, through a network)
   * as a Yjs state. It lands whole or not at all.
   */
  async adopt(id: string, state: Uint8Array): Promise<void> {
    this.assertOpen()
    if (!isDocumentId(id)) throw new CasebookError('INVALID_CONTENT', `"${id}" is not a document id.`)
    const doc = new Y.Doc({ guid: id })
    try {
      Y.applyUpdate(doc, state)
    } catch (error) {
      throw new CasebookError('INVALID_CONTENT', `Document ${id} cannot be stored: its content cannot be read.`, { cause: error })
    }
    await this.queue.run(id, async () => {
      if (this.index.get(id) || this.damagedDocuments.has(id)) throw new CasebookError('DOCUMENT_EXISTS', `A document with the id ${id} is already in the library.`)
      await this.storeNew(id, state, readMeta(doc))
    })
    this.emit({ id, cause: 'adopt' })
  }

  /**
   * Opens a document for reading and editing; every change to its doc is saved. Each call returns
   * its own handle on one shared document, which stays loaded until every handle is closed.
   */
  async open(id: string): Promise<DocumentHandle> {
    this.entry(id, 'documents')
    for (;;) {
      this.assertOpen()
      let loading = this.loaded.get(id)
      if (!loading) {
        const started = this.queue.run(id, () => this.load(id))
        this.loaded.set(id, started)
        started.catch(() => {
          if (this.loaded.get(id) === started) this.loaded.delete(id)
        })
        loading = started
      }
      const record = await loading
      this.assertOpen()
      // Unloaded while this call waited: load it again.
      if (this.loaded.get(id) !== loading) continue
      record.handles += 1
      return new DocumentHandle(record.stored, () => this.release(id, record))
    }
  }

  /** Moves a document to the trash. It must not be open. */
  async trash(id: string): Promise<void> {
    this.assertOpen()
    await this.queue.run(id, () => this.move(id, 'documents', 'trash'))
    this.emit({ id, cause: 'trash' })
  }

  async restore(id: string): Promise<void> {
    this.assertOpen()
    await this.queue.run(id, () => this.move(id, 'trash', 'documents'))
    this.emit({ id, cause: 'restore' })
  }

  async versions(id: string): Promise<VersionInfo[]> {
    this.assertOpen()
    return listVersions(this.dir('documents', this.entry(id, 'documents').id), id)
  }

  async saveVersion(id: string, input: VersionInput): Promise<VersionInfo> {
    const { label, author } = parseVersionInput(input)
    const handle = await this.open(id)
    try {
      await handle.flushed()
      const header = { label, author, createdAt: new Date().toISOString() }
      const state = Y.encodeStateAsUpdate(handle.doc)
      // Queued, so that closing the library waits for it.
      return await this.queue.run(id, () => writeVersion(this.dir('documents', id), header, state)).catch((error: unknown) => {
        throw storageError(error, `save the version "${label}"`)
      })
    } finally {
      await handle.close()
    }
  }

  async readVersion(id: string, versionId: string): Promise<Y.Doc> {
    this.assertOpen()
    const state = await readVersionState(this.dir('documents', this.entry(id, 'documents').id), versionId)
    const doc = new Y.Doc({ guid: id })
    try {
      Y.applyUpdate(doc, state)
    } catch (error) {
      throw new CasebookError('DOCUMENT_DAMAGED', `Version ${versionId} of document ${id} is damaged: its state cannot be read.`, { cause: error })
    }
    return doc
  }

  /**
   * Closes every open document (saving it, and compacting it if worth it), writes the index and
   * releases the lock, in that order, even if a document fails to close; then reports that failure.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      const records = await Promise.allSettled(this.loaded.values())
      this.loaded.clear()
      const unloads = await Promise.allSettled(records.map((record) => (record.status === 'fulfilled' ? this.unload(record.value) : undefined)))
      await this.queue.idle()
      await this.saveIndex()
      await this.lock.release()
      const failure = unloads.find((result) => result.status === 'rejected')
      if (failure) throw failure.reason
    })()
    return this.closed
  }

  private async storeCreated(id: string, state: Uint8Array, meta: DocumentMeta): Promise<string> {
    await this.queue.run(id, () => this.storeNew(id, state, meta))
    this.emit({ id, cause: 'create' })
    return id
  }

  /** Writes a new document's files in staging/ and renames them into documents/, so they land whole. */
  private async storeNew(id: string, state: Uint8Array, meta: DocumentMeta): Promise<void> {
    const staging = join(this.root, 'staging', id)
    const dir = this.dir('documents', id)
    try {
      await writeNewDocumentFiles(staging, state)
      await rename(staging, dir)
      await fsyncDir(join(this.root, 'documents'))
    } catch (error) {
      await rm(staging, { recursive: true, force: true })
      throw storageError(error, `store the new document "${meta.title}"`)
    }
    this.index.set({ id, place: 'documents', meta, stamp: await stampOf(dir) })
    await this.saveIndex()
  }

  private emit(change: LibraryChange): void {
    for (const watcher of this.watchers) watcher(change)
  }

  private async load(id: string): Promise<Loaded> {
    // Checked again here: a trash queued before this load may have moved it.
    this.entry(id, 'documents')
    // From now on its meta in the index may be ahead of its files: a crash must make it re-read.
    this.index.update(id, { stamp: '' })
    const stored = await StoredDocument.load(this.dir('documents', id), id, {
      policy: this.compaction,
      onRepair: (repair) => this.onRepair({ documentId: id, ...repair }),
    })
    const meta = stored.doc.getMap(META_MAP)
    const observer = () => {
      this.index.update(id, { meta: readMeta(stored.doc) })
      this.emit({ id, cause: 'meta' })
    }
    meta.observe(observer)
    // Not the doc's `update` event: listening to it makes Yjs encode every transaction.
    const onTransaction = (transaction: Y.Transaction) => {
      if (this.watchers.size > 0 && changedDocument(transaction)) this.emit({ id, cause: 'edit', origin: transaction.origin })
    }
    stored.doc.on('afterTransaction', onTransaction)
    this.live.add(id)
    return {
      stored,
      handles: 0,
      stopObserving: () => {
        meta.unobserve(observer)
        stored.doc.off('afterTransaction', onTransaction)
      },
    }
  }

  /** Resolves once this holder's edits are saved (or, if the library closed first, were saved by it). */
  private release(id: string, record: Loaded): Promise<void> {
    record.handles -= 1
    if (this.closed) return this.closed
    if (record.handles > 0) return record.stored.flushed()
    // While it has handles it is the one in `loaded`; from now on an open loads it afresh.
    this.loaded.delete(id)
    return this.unload(record)
  }

  /** Queued, so that a new load of the same document waits until this one has let go of its files. */
  private unload(record: Loaded): Promise<void> {
    const { id } = record.stored
    return this.queue.run(id, async () => {
      this.live.delete(id)
      record.stopObserving()
      await record.stored.close()
      // Only now is its meta in the index backed by its files. After a failed close the blank stamp stays.
      const entry = this.index.get(id)
      if (entry) this.index.update(id, { stamp: await stampOf(this.dir(entry.place, id)) })
      if (!this.closed) await this.saveIndex()
    })
  }

  private async move(id: string, from: Place, to: Place): Promise<void> {
    this.entry(id, from)
    // A load queued after this move has not started; it will find the document gone.
    if (this.live.has(id)) throw new CasebookError('DOCUMENT_IN_USE', `Document ${id} is open; close it first.`)
    try {
      await rename(this.dir(from, id), this.dir(to, id))
      await Promise.all([fsyncDir(join(this.root, from)), fsyncDir(join(this.root, to))])
    } catch (error) {
      throw storageError(error, to === 'trash' ? `move document ${id} to the trash` : `restore document ${id}`)
    }
    this.index.update(id, { place: to, trashedAt: to === 'trash' ? new Date().toISOString() : undefined })
    await this.saveIndex()
  }

  /**
   * Brings the index in line with the document folders: entries whose files changed since they were
   * written (a crash, or a copy from elsewhere) are re-read, missing ones added, vanished ones dropped.
   */
  private async reconcile(): Promise<void> {
    const seen = new Set<string>()
    for (const place of ['documents', 'trash'] as const) {
      for (const folder of await readdir(join(this.root, place), { withFileTypes: true })) {
        if (!folder.isDirectory()) continue
        const id = folder.name
        seen.add(id)
        const dir = this.dir(place, id)
        const entry = this.index.get(id)
        if (entry && entry.stamp === (await stampOf(dir))) {
          if (entry.place !== place) this.index.update(id, { place, trashedAt: place === 'trash' ? new Date().toISOString() : undefined })
          continue
        }
        try {
          const meta = await this.readMetaFromDisk(dir, id)
          const trashedAt = place === 'trash' ? (entry?.trashedAt ?? new Date().toISOString()) : undefined
          this.index.set({ id, place, meta, stamp: await stampOf(dir), trashedAt })
        } catch (error) {
          if (!isCasebookError(error) && !isFsError(error)) throw error
          this.damagedDocuments.set(id, isCasebookError(error) ? error.message : `Document ${id} cannot be read: ${describeFsError(error)}.`)
          this.index.delete(id)
        }
      }
    }
    for (const entry of this.index.all()) if (!seen.has(entry.id)) this.index.delete(entry.id)
    await this.saveIndex()
  }

  private async readMetaFromDisk(dir: string, id: string): Promise<DocumentMeta> {
    const stored = await StoredDocument.load(dir, id, {
      policy: this.compaction,
      onRepair: (repair) => this.onRepair({ documentId: id, ...repair }),
    })
    try {
      return readMeta(stored.doc)
    } finally {
      await stored.close()
    }
  }

  /** The index is a cache that the next open rebuilds from the folders, so failing to write it loses nothing. */
  private async saveIndex(): Promise<void> {
    await this.index.save().catch(() => {})
  }

  private assertOpen(): void {
    if (this.closed) throw new CasebookError('LIBRARY_INVALID', 'The library has been closed.')
  }

  private summaries(place: Place): DocumentSummary[] {
    return this.index
      .all()
      .filter((entry) => entry.place === place)
      .map(toSummary)
      .sort((a, b) => b.meta.updatedAt.localeCompare(a.meta.updatedAt))
  }

  private entry(id: string, place?: Place): IndexEntry {
    const damage = this.damagedDocuments.get(id)
    if (damage) throw new CasebookError('DOCUMENT_DAMAGED', damage)
    const entry = this.index.get(id)
    if (!entry || (place && entry.place !== place)) {
      const where = place === 'trash' ? ' in the trash' : ''
      throw new CasebookError('UNKNOWN_DOCUMENT', `No document${where} has the id "${id}".`)
    }
    return entry
  }

  private dir(place: Place, id: string): string {
    return join(this.root, place, id)
  }
}

function toSummary(entry: IndexEntry): DocumentSummary {
  return { id: entry.id, meta: entry.meta, ...(entry.trashedAt ? { trashedAt: entry.trashedAt } : {}) }
}

async function prepareLayout(root: string): Promise<void> {
  for (const sub of ['documents', 'trash', 'staging']) await mkdir(join(root, sub), { recursive: true, mode: PRIVATE_DIR })
  // Whatever is in staging/ is a creation that a crash interrupted: it never became a document.
  for (const name of await readdir(join(root, 'staging'))) await rm(join(root, 'staging', name), { recursive: true, force: true })
  // Temporary files of index and format writes that a crash interrupted.
  for (const name of await readdir(root)) if (isTemporaryName(name)) await unlink(join(root, name))
  const formatPath = join(root, 'format.json')
  const text = await readFile(formatPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (text === null) return writeFileAtomic(formatPath, JSON.stringify({ format: FORMAT }))
  let format: unknown
  try {
    format = (JSON.parse(text) as { format?: unknown }).format
  } catch {
    throw new CasebookError('LIBRARY_INVALID', `The library in ${root} is damaged: its format.json cannot be read.`)
  }
  if (format !== FORMAT) {
    throw new CasebookError('LIBRARY_INVALID', `The library in ${root} has format ${String(format)}, which this version of Casebook cannot read.`)
  }
}
