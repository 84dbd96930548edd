import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { META_MAP, buildDocument, readMeta, type DocumentContent } from '../../shared/model/document.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { parseVersionInput, type VersionInfo, type VersionInput } from '../../shared/model/version.js'
import { acquireLock, type DataDirLock } from '../lock.js'
import { fsyncDir, writeFileAtomic } from './atomicFile.js'
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

export interface DamagedDocument {
  id: string
  problem: string
}

/**
 * The durable local store of documents, in `<data dir>/library`:
 * - documents/<id>/ and trash/<id>/: each document's snapshot, log and versions (see StoredDocument);
 * - index.json: every document's meta, so listing loads no document;
 * - staging/: new documents are written here and renamed into documents/ whole;
 * - format.json: the layout version.
 * Opening takes the data directory's lock, so one process owns it at a time.
 */
export class Library {
  private readonly opened = new Map<string, Promise<StoredDocument>>()
  private readonly damagedDocuments = new Map<string, string>()
  private closing = false

  private constructor(
    private readonly root: string,
    private readonly lock: DataDirLock,
    private readonly index: LibraryIndex,
    private readonly onRepair: (repair: Repair) => void,
    private readonly compaction: CompactionPolicy,
  ) {}

  static async open(dataDir: string, options: LibraryOptions = {}): Promise<Library> {
    try {
      await mkdir(dataDir, { recursive: true })
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
      throw isCasebookError(error) ? error : unusable(dataDir, error as NodeJS.ErrnoException)
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

  /** Stores a new document (see newDocumentContent) and returns its id. It lands whole or not at all. */
  async create(content: DocumentContent): Promise<string> {
    const id = randomBytes(8).toString('hex')
    const doc = buildDocument(id, content)
    const staging = join(this.root, 'staging', id)
    await writeNewDocumentFiles(staging, Y.encodeStateAsUpdate(doc))
    await rename(staging, this.dir('documents', id))
    await fsyncDir(join(this.root, 'documents'))
    this.index.set({ id, place: 'documents', meta: content.meta, stamp: await stampOf(this.dir('documents', id)) })
    await this.index.save()
    return id
  }

  /** Loads a document for reading and editing; every change to its doc is saved. */
  async open(id: string): Promise<StoredDocument> {
    const entry = this.entry(id, 'documents')
    let loading = this.opened.get(id)
    if (!loading) {
      loading = this.load(entry)
      this.opened.set(id, loading)
      loading.catch(() => this.opened.delete(id))
    }
    return loading
  }

  async trash(id: string): Promise<void> {
    await this.move(this.entry(id, 'documents'), 'trash')
  }

  async restore(id: string): Promise<void> {
    await this.move(this.entry(id, 'trash'), 'documents')
  }

  async versions(id: string): Promise<VersionInfo[]> {
    return listVersions(this.dir('documents', this.entry(id, 'documents').id))
  }

  async saveVersion(id: string, input: VersionInput): Promise<VersionInfo> {
    const { label, author } = parseVersionInput(input)
    const wasOpen = this.opened.has(id)
    const stored = await this.open(id)
    try {
      await stored.flushed()
      return await writeVersion(this.dir('documents', id), { label, author, createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(stored.doc))
    } finally {
      if (!wasOpen) await stored.close()
    }
  }

  async readVersion(id: string, versionId: string): Promise<Y.Doc> {
    const state = await readVersionState(this.dir('documents', this.entry(id, 'documents').id), versionId)
    const doc = new Y.Doc({ guid: id })
    Y.applyUpdate(doc, state)
    return doc
  }

  /** Closes every open document (saving and compacting it), writes the index and releases the lock. */
  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    try {
      const documents = await Promise.allSettled(this.opened.values())
      await Promise.all(documents.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)))
      await this.index.save()
    } finally {
      await this.lock.release()
    }
  }

  private async load(entry: IndexEntry): Promise<StoredDocument> {
    const dir = this.dir('documents', entry.id)
    const stored = await StoredDocument.load(dir, entry.id, {
      policy: this.compaction,
      onRepair: (repair) => this.onRepair({ documentId: entry.id, ...repair }),
      onClosed: async () => {
        this.opened.delete(entry.id)
        entry.stamp = await stampOf(dir)
        if (!this.closing) await this.index.save()
      },
    })
    stored.doc.getMap(META_MAP).observe(() => {
      // A peer may write meta this version cannot read; the index keeps the last good one.
      try {
        entry.meta = readMeta(stored.doc)
      } catch {}
    })
    return stored
  }

  private async move(entry: IndexEntry, to: Place): Promise<void> {
    await (await this.opened.get(entry.id))?.close()
    await rename(this.dir(entry.place, entry.id), this.dir(to, entry.id))
    await Promise.all([fsyncDir(join(this.root, entry.place)), fsyncDir(join(this.root, to))])
    entry.place = to
    entry.trashedAt = to === 'trash' ? new Date().toISOString() : undefined
    await this.index.save()
  }

  /**
   * Brings the index in line with the document folders: entries whose files changed since they were
   * written (a crash, or a copy from elsewhere) are re-read, missing ones added, vanished ones dropped.
   */
  private async reconcile(): Promise<void> {
    const seen = new Set<string>()
    let changed = false
    for (const place of ['documents', 'trash'] as const) {
      for (const folder of await readdir(join(this.root, place), { withFileTypes: true })) {
        if (!folder.isDirectory()) continue
        const id = folder.name
        seen.add(id)
        const dir = this.dir(place, id)
        const entry = this.index.get(id)
        if (entry && entry.stamp === (await stampOf(dir))) {
          if (entry.place !== place) {
            this.index.set({ ...entry, place, trashedAt: place === 'trash' ? new Date().toISOString() : undefined })
            changed = true
          }
          continue
        }
        changed = true
        try {
          const meta = await this.readMetaFromDisk(dir, id)
          this.index.set({ id, place, meta, stamp: await stampOf(dir), ...(place === 'trash' ? { trashedAt: entry?.trashedAt ?? new Date().toISOString() } : {}) })
        } catch (error) {
          const unreadable = isCasebookError(error) ? error.message : (error as NodeJS.ErrnoException).code ? `Document ${id} cannot be read: ${(error as Error).message}.` : null
          if (unreadable === null) throw error
          this.damagedDocuments.set(id, unreadable)
          this.index.delete(id)
        }
      }
    }
    for (const entry of this.index.all()) {
      if (!seen.has(entry.id)) {
        this.index.delete(entry.id)
        changed = true
      }
    }
    if (changed) await this.index.save()
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

  private summaries(place: Place): DocumentSummary[] {
    return this.index
      .all()
      .filter((entry) => entry.place === place)
      .map(toSummary)
      .sort((a, b) => b.meta.updatedAt.localeCompare(a.meta.updatedAt))
  }

  private entry(id: string, place?: Place): IndexEntry {
    const entry = this.index.get(id)
    const damage = this.damagedDocuments.get(id)
    if (damage) throw new CasebookError('DOCUMENT_DAMAGED', damage)
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

/** A file-system failure while opening names the data directory and the problem in plain words. */
function unusable(dataDir: string, error: NodeJS.ErrnoException): CasebookError {
  const problem =
    error.code === 'EEXIST' || error.code === 'ENOTDIR'
      ? 'it is not a folder'
      : error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EROFS'
        ? 'Casebook may not write there'
        : error.message
  return new CasebookError('LIBRARY_INVALID', `Cannot use ${dataDir} as the data directory: ${problem}.`, { cause: error })
}

async function prepareLayout(root: string): Promise<void> {
  for (const sub of ['documents', 'trash', 'staging']) await mkdir(join(root, sub), { recursive: true })
  // Whatever is in staging/ is a creation that a crash interrupted: it never became a document.
  for (const name of await readdir(join(root, 'staging'))) await rm(join(root, 'staging', name), { recursive: true, force: true })
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
