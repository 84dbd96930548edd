import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { uint32 } from 'lib0/random'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { readMeta } from '../../shared/model/document.js'
import type { DocumentContent, DocumentState } from '../../shared/model/documentBody.js'
import { isDocumentId } from '../../shared/model/documentId.js'
import type { DocumentMeta, DocumentStatus } from '../../shared/model/meta.js'
import { parseVersionInput, type VersionInfo, type VersionInput } from '../../shared/model/version.js'
import { describeFsError, isFsError, storageError } from '../fsErrors.js'
import { acquireLock, type DataDirLock } from '../lock.js'
import { makePrivateDataDir } from '../privateDataDir.js'
import type { DocumentHandle } from './documentHandle.js'
import { DEFAULT_COMPACTION, DurableDocument, type CompactionPolicy, type StorageFailure } from './durableDocument.js'
import { findEntry } from './findEntry.js'
import { KeyedQueue } from './keyedQueue.js'
import { ChangeListeners, type LibraryChange } from './libraryChange.js'
import { LibraryIndex, type IndexEntry } from './libraryIndex.js'
import { BlobStore } from './blobStore.js'
import { collectBlobGarbage } from './blobGarbage.js'
import { LibraryLayout, type Place } from './libraryLayout.js'
import { moveDocument } from './moveDocument.js'
import { OpenDocuments } from './openDocuments.js'
import { rebuildIndex } from './rebuildIndex.js'
import { resolveId } from './resolveId.js'
import { storeNewDocuments } from './storeNewDocuments.js'
import type { TailRepair } from './updateLog.js'
import { addVersion, historyVersions, versionUpdate } from '../../shared/model/versionHistory.js'
import { readHistory, writeHistory } from './historyFile.js'
import { readComments, writeComments } from './commentsFile.js'
import { addEvent, readEvents } from '../../shared/model/commentThreads.js'
import type { CommentEvent } from '../../shared/protocol/commentEvents.js'
import type { StoredDoc } from './storedDoc.js'

export type { LibraryChange } from './libraryChange.js'

export interface Repair extends TailRepair {
  documentId: string
}

export interface LibraryOptions {
  /** Called when a damaged log tail is cut off on open; the cut bytes are saved beside the log. */
  onRepair?: (repair: Repair) => void
  /** Called when a document's write fails with nobody waiting for it (see StorageFailure). */
  onStorageFailure?: (failure: StorageFailure & { documentId: string }) => void
  compaction?: CompactionPolicy
  /**
   * Open before the index is checked against the folders (see rebuildIndex): the list answers at once
   * from index.json, as the library was when it last closed, and the check runs next. Each document it
   * finds changed, new, moved or gone is told to `watch` as `checked`, and every operation on a
   * document waits for it. The app opens so, since the check takes a third of a second or more at
   * 5,000 documents (docs/LIBRARY.md, "At scale"); the command line waits for it.
   */
  checkInBackground?: boolean
}

export interface DocumentSummary {
  id: string
  meta: DocumentMeta
  trashedAt?: string | undefined
}

export interface DamagedDocument {
  id: string
  problem: string
}

/**
 * The durable local store of documents, in `<data dir>/library` (see LibraryLayout). Opening takes the
 * data directory's lock, so one process owns it at a time. Within the process, loading, unloading,
 * creating and moving one document run one at a time (`queue`). The parts: the layout and its format
 * check, the index rebuilt from the folders on open, the open documents with their handles, staged
 * creation, moves to and from the trash, versions and id prefixes.
 */
export class Library {
  private readonly queue = new KeyedQueue()
  private readonly changes = new ChangeListeners()
  private readonly documents: OpenDocuments
  private closed: Promise<void> | null = null
  /** Documents whose files cannot be read, with why: known once the index is checked. */
  private readonly damagedDocuments = new Map<string, string>()
  /** The index's check against the folders; what reads or writes a document waits for it. */
  private checked: Promise<void> = Promise.resolve()

  private constructor(
    private readonly layout: LibraryLayout,
    /** The documents' images. */
    readonly blobs: BlobStore,
    private readonly lock: DataDirLock,
    private readonly index: LibraryIndex,
    load: (dir: string, id: string) => Promise<DurableDocument>,
  ) {
    this.documents = new OpenDocuments({
      layout,
      index,
      damaged: this.damagedDocuments,
      queue: this.queue,
      changes: this.changes,
      load,
      closed: () => this.closed,
      assertOpen: () => this.assertOpen(),
      saveIndex: () => this.saveIndex(),
    })
  }

  static async open(dataDir: string, options: LibraryOptions = {}): Promise<Library> {
    try {
      await makePrivateDataDir(dataDir)
      const lock = await acquireLock(dataDir)
      try {
        const layout = await LibraryLayout.prepare(join(dataDir, 'library'))
        const index = await LibraryIndex.read(layout.indexPath)
        const onRepair = options.onRepair ?? (() => {})
        const policy = options.compaction ?? DEFAULT_COMPACTION
        const onStorageFailure = options.onStorageFailure ?? (() => {})
        const load = (dir: string, id: string) =>
          DurableDocument.load(dir, id, {
            policy,
            onRepair: (repair) => onRepair({ documentId: id, ...repair }),
            onStorageFailure: (failure) => onStorageFailure({ documentId: id, ...failure }),
          })
        const library = new Library(layout, await BlobStore.open(layout.blobsPath), lock, index, load)
        const check = library.check((dir, id) => readMetaFrom(load(dir, id)))
        if (!options.checkInBackground) await check
        else {
          library.checked = check.catch((error: unknown) => {
            throw unusable(dataDir, error)
          })
          // Handled: every document operation, and the close, wait for it and take its failure.
          library.checked.catch(() => {})
        }
        return library
      } catch (error) {
        await lock.release()
        throw error
      }
    } catch (error) {
      throw unusable(dataDir, error)
    }
  }

  /** Documents not in the trash, most recently updated first. */
  list(): DocumentSummary[] {
    return this.summaries('documents')
  }

  /** How many documents are not in the trash, without listing them. */
  count(): number {
    let count = 0
    for (const entry of this.index.all()) if (entry.place === 'documents') count += 1
    return count
  }

  /** Whether the document is in the library and not in the trash. */
  isListed(id: string): boolean {
    return this.index.get(id)?.place === 'documents'
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
    return resolveId(this.index, this.damagedDocuments, text, place)
  }

  summary(id: string): DocumentSummary {
    return toSummary(this.entry(id))
  }

  /**
   * The sizes and times of the document's files when its summary was read: what a cache of its
   * content (the search index) compares to know whether it is stale. Blank while it is loaded.
   */
  stamp(id: string): string {
    return this.index.get(id)?.stamp ?? ''
  }

  /**
   * Settles once the index is checked against the folders (at once for a library opened without
   * `checkInBackground`), after the changes the check found are told; rejects with why it failed.
   */
  whenChecked(): Promise<void> {
    return this.checked
  }

  /**
   * Removes the images that no document, in the library or its trash, and no version has referenced
   * for 30 days (blobGarbage.ts); returns their hashes.
   */
  collectBlobGarbage(now = new Date()): Promise<string[]> {
    this.assertOpen()
    return collectBlobGarbage(this.layout, this.blobs, now)
  }

  /** Calls `listener` with every change to a document of this library; returns the function that stops it. */
  watch(listener: (change: LibraryChange) => void): () => void {
    return this.changes.add(listener)
  }

  /** Stores a new document (see newDocumentContent) and returns its id. It lands whole or not at all. */
  async create(content: DocumentContent): Promise<string> {
    this.assertOpen()
    await this.checked
    // TipTap and ProseMirror, which writing a body takes, load when a document is first made, not at launch.
    const { buildDocument } = await import('../../shared/model/documentBody.js')
    const id = randomBytes(8).toString('hex')
    return this.storeCreated(id, Y.encodeStateAsUpdate(buildDocument(id, content)), content.meta)
  }

  /** Stores a new document built already (see newDocumentState) and returns its id. It lands whole or not at all. */
  async createFromState(document: DocumentState): Promise<string> {
    this.assertOpen()
    await this.checked
    return this.storeCreated(randomBytes(8).toString('hex'), document.state, document.meta)
  }

  /**
   * Stores many new documents built already with one commit and one index save for them all (see
   * storeNewDocuments), and returns for each, in order, its new id or why it was not stored. Each
   * lands whole or not at all.
   */
  async createAllFromState(documents: DocumentState[]): Promise<PromiseSettledResult<string>[]> {
    this.assertOpen()
    await this.checked
    const batch = documents.map(({ state, meta }) => ({ id: randomBytes(8).toString('hex'), state, meta }))
    // Queued, so that closing the library waits for it, under a key no document id can be.
    const stored = await this.queue.run('new documents', async () => {
      const results = await storeNewDocuments(this.layout, this.index, batch)
      await this.saveIndex()
      return results
    })
    return stored.map((result, position) => {
      if (result.status === 'rejected') return result
      const { id } = batch[position] as { id: string }
      this.changes.emit({ id, cause: 'create' })
      return { status: 'fulfilled', value: id }
    })
  }

  /**
   * Stores, under its own id, a document that came from elsewhere (another device, through a network)
   * as a Yjs state. It lands whole or not at all.
   */
  async adopt(id: string, state: Uint8Array): Promise<void> {
    this.assertOpen()
    if (!isDocumentId(id)) throw new CasebookError('INVALID_CONTENT', `"${id}" is not a document id.`, { reason: 'notId' })
    const doc = new Y.Doc({ guid: id })
    try {
      Y.applyUpdate(doc, state)
    } catch (error) {
      throw new CasebookError('INVALID_CONTENT', `Document ${id} cannot be stored: its content cannot be read.`, { cause: error, reason: 'unreadable' })
    }
    await this.checked
    await this.queue.run(id, async () => {
      if (this.index.get(id) || this.damagedDocuments.has(id))
        throw new CasebookError('DOCUMENT_EXISTS', `A document with the id ${id} is already in the library.`, { reason: 'exists' })
      await this.storeNew(id, state, readMeta(doc))
    })
    this.changes.emit({ id, cause: 'adopt' })
  }

  /**
   * Opens a document for reading and editing; every change to its doc is saved. Each call returns
   * its own handle on one shared document, which stays loaded until every handle is closed.
   */
  async open(id: string): Promise<DocumentHandle> {
    await this.checked
    return this.documents.open(id)
  }

  /** Moves a document to the trash. It must not be open. */
  async trash(id: string): Promise<void> {
    this.assertOpen()
    await this.checked
    await this.queue.run(id, () => this.move(id, 'documents', 'trash'))
    this.changes.emit({ id, cause: 'trash' })
  }

  async restore(id: string): Promise<void> {
    this.assertOpen()
    await this.checked
    await this.queue.run(id, () => this.move(id, 'trash', 'documents'))
    this.changes.emit({ id, cause: 'restore' })
  }

  /** The document's versions, oldest first (versionHistory.ts). */
  async versions(id: string): Promise<VersionInfo[]> {
    return historyVersions((await this.history(id)).doc)
  }

  /**
   * Saves the document as it is now as a version, in its history, which syncs with its network, with
   * the status the caller gives (the library cannot know a network's document's: its catalog does).
   */
  async saveVersion(id: string, input: VersionInput, status?: DocumentStatus): Promise<VersionInfo> {
    const { label, author } = parseVersionInput(input)
    const handle = await this.open(id)
    try {
      await handle.flushed()
      const version = { label, author, createdAt: new Date().toISOString(), ...(status ? { status } : {}) }
      // Queued, so that closing the library waits for it, and so is every other write of the history.
      const saved = await this.queue.run(id, async () => {
        const history = await readHistory(this.layout.dir('documents', id), id)
        const info = addVersion(history.doc, handle.doc, version)
        await writeHistory(this.layout.dir('documents', id), history).catch((error: unknown) => {
          throw storageError(error, `save the version "${label}"`)
        })
        return info
      })
      this.changes.emit({ id, cause: 'history' })
      return saved
    } finally {
      await handle.close()
    }
  }

  /** The document as it was at a version. */
  async readVersion(id: string, versionId: string): Promise<Y.Doc> {
    const update = versionUpdate((await this.history(id)).doc, versionId)
    const doc = new Y.Doc({ guid: id })
    Y.applyUpdate(doc, update)
    return doc
  }

  /** The document's history as this device holds it, with what of it the relay has acknowledged. */
  async history(id: string): Promise<StoredDoc> {
    this.assertOpen()
    await this.checked
    const dir = this.layout.dir('documents', this.entry(id, 'documents').id)
    // Reading may move old version files into the history, a write like any other of it.
    return this.queue.run(id, () => readHistory(dir, id))
  }

  /**
   * Merges what a sync of the document's history brought (`update`) and records what the relay has
   * now acknowledged (`sent`); tells `watch` if versions came.
   */
  async mergeHistory(id: string, update: Uint8Array, sent: Uint8Array): Promise<void> {
    await this.mergeStored(
      id,
      'history',
      update,
      sent,
      (dir) => readHistory(dir, id),
      (dir, _network, history) => writeHistory(dir, history),
    )
  }

  /**
   * The document's comments (commentEvents.ts) in its network, as this device holds them, with what of
   * them the relay has acknowledged.
   */
  async comments(id: string): Promise<StoredDoc> {
    this.assertOpen()
    await this.checked
    const { id: found, meta } = this.entry(id, 'documents')
    return this.queue.run(id, () => readComments(this.layout.dir('documents', found), found, meta.network))
  }

  /**
   * Adds a comment event to the document's comments, which sync with its network, once `check`
   * (which throws to refuse it) has seen the events already there, in the same read; answers the
   * events with it.
   */
  async addComment(id: string, event: CommentEvent, check: (events: CommentEvent[]) => void = () => {}): Promise<CommentEvent[]> {
    let events: CommentEvent[] = []
    await this.rebuildComments(id, (comments) => {
      check(readEvents(comments.doc))
      // Each event is written by a doc of its own: one whose writer id the file already holds would
      // continue that writer's clock from 0, and the relay would take the event for one it has.
      while (comments.doc.store.clients.has(comments.doc.clientID)) comments.doc.clientID = uint32()
      addEvent(comments.doc, event)
      events = readEvents(comments.doc)
      return comments
    })
    return events
  }

  /**
   * Replaces the document's comments with what `rebuild` makes of them (addComment, and
   * repairComments.ts), read and written in the document's queue, so that no comment added meanwhile
   * is lost.
   */
  async rebuildComments(id: string, rebuild: (comments: StoredDoc) => StoredDoc): Promise<void> {
    this.assertOpen()
    await this.checked
    const { id: found, meta } = this.entry(id, 'documents')
    const dir = this.layout.dir('documents', found)
    await this.queue.run(id, async () => {
      const comments = await readComments(dir, found, meta.network)
      let rebuilt: StoredDoc | null = null
      try {
        rebuilt = rebuild(comments)
        await writeComments(dir, meta.network, rebuilt).catch((error: unknown) => {
          throw storageError(error, 'save the comments')
        })
      } finally {
        comments.doc.destroy()
        rebuilt?.doc.destroy()
      }
    })
    this.changes.emit({ id: found, cause: 'comments' })
  }

  /** Merges what a sync of the document's comments brought, as mergeHistory does its history. */
  async mergeComments(id: string, update: Uint8Array, sent: Uint8Array): Promise<void> {
    await this.mergeStored(id, 'comments', update, sent, (dir, network) => readComments(dir, id, network), writeComments)
  }

  private async mergeStored(
    id: string,
    cause: 'history' | 'comments',
    update: Uint8Array,
    sent: Uint8Array,
    read: (dir: string, network: string | undefined) => Promise<StoredDoc>,
    write: (dir: string, network: string | undefined, stored: StoredDoc) => Promise<void>,
  ): Promise<void> {
    this.assertOpen()
    await this.checked
    const { id: found, meta } = this.entry(id, 'documents')
    const dir = this.layout.dir('documents', found)
    const grew = await this.queue.run(id, async () => {
      const stored = await read(dir, meta.network)
      const before = Y.encodeStateVector(stored.doc)
      Y.applyUpdate(stored.doc, update)
      const grew = Buffer.compare(before, Y.encodeStateVector(stored.doc)) !== 0
      await write(dir, meta.network, { doc: stored.doc, sent })
      return grew
    })
    if (grew) this.changes.emit({ id, cause })
  }

  /**
   * Closes every open document (saving it, and compacting it if worth it), writes the index and
   * releases the lock, in that order, even if a document fails to close; then reports that failure.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // A check that failed left the index as far as it got, a cache the next open checks again; its
      // error is what every document operation said.
      await this.checked.catch(() => {})
      const unloads = await this.documents.unloadAll()
      await this.queue.idle()
      await this.saveIndex()
      await this.lock.release()
      const failure = unloads.find((result) => result.status === 'rejected')
      if (failure) throw failure.reason
    })()
    return this.closed
  }

  /**
   * Brings the index in line with the folders (rebuildIndex) and saves it; in the background, tells
   * each document whose entry it changed. A failure leaves the index as far as it got, a cache the
   * next open checks again.
   */
  private async check(readMeta: (dir: string, id: string) => Promise<DocumentMeta>): Promise<void> {
    const read = new Map(this.index.all().map((entry) => [entry.id, entry]))
    for (const [id, problem] of await rebuildIndex(this.layout, this.index, readMeta)) this.damagedDocuments.set(id, problem)
    await this.saveIndex()
    for (const id of new Set([...read.keys(), ...this.index.all().map((entry) => entry.id)]))
      if (this.index.get(id) !== read.get(id)) this.changes.emit({ id, cause: 'checked' })
  }

  private async storeCreated(id: string, state: Uint8Array, meta: DocumentMeta): Promise<string> {
    await this.queue.run(id, () => this.storeNew(id, state, meta))
    this.changes.emit({ id, cause: 'create' })
    return id
  }

  private async storeNew(id: string, state: Uint8Array, meta: DocumentMeta): Promise<void> {
    const [stored] = await storeNewDocuments(this.layout, this.index, [{ id, state, meta }])
    if (stored?.status === 'rejected') throw stored.reason
    await this.saveIndex()
  }

  private async move(id: string, from: Place, to: Place): Promise<void> {
    this.entry(id, from)
    // A load queued after this move has not started; it will find the document gone.
    if (this.documents.isLive(id)) throw new CasebookError('DOCUMENT_IN_USE', `Document ${id} is open; close it first.`, { reason: 'open' })
    await moveDocument(this.layout, this.index, id, from, to)
    await this.saveIndex()
  }

  /** The index is a cache that the next open rebuilds from the folders, so failing to write it loses nothing. */
  private async saveIndex(): Promise<void> {
    await this.index.save().catch(() => {})
  }

  private assertOpen(): void {
    if (this.closed) throw new CasebookError('LIBRARY_INVALID', 'The library has been closed.', { reason: 'closed' })
  }

  private summaries(place: Place): DocumentSummary[] {
    return this.index
      .all()
      .filter((entry) => entry.place === place)
      .map(toSummary)
      .sort((a, b) => b.meta.updatedAt.localeCompare(a.meta.updatedAt))
  }

  private entry(id: string, place?: Place): IndexEntry {
    return findEntry(this.index, this.damagedDocuments, id, place)
  }
}

/** A file system error, as the data directory that cannot be used; any other error as it is. */
function unusable(dataDir: string, error: unknown): unknown {
  if (!isFsError(error)) return error
  const problem = error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'it is not a folder' : describeFsError(error)
  return new CasebookError('LIBRARY_INVALID', `Cannot use ${dataDir} as the data directory: ${problem}.`, {
    cause: error,
    reason: 'unusable',
    params: { dir: dataDir },
  })
}

function toSummary(entry: IndexEntry): DocumentSummary {
  return { id: entry.id, meta: entry.meta, ...(entry.trashedAt ? { trashedAt: entry.trashedAt } : {}) }
}

async function readMetaFrom(loading: Promise<DurableDocument>): Promise<DocumentMeta> {
  const stored = await loading
  try {
    return readMeta(stored.doc)
  } finally {
    await stored.close()
  }
}
