import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { metaSchema, type DocumentMeta } from '../../shared/model/meta.js'
import { writeFileAtomic } from './atomicFile.js'
import { LOG_FILE, SNAPSHOT_FILE } from './storedDocument.js'

export type Place = 'documents' | 'trash'

export interface IndexEntry {
  id: string
  place: Place
  meta: DocumentMeta
  trashedAt?: string | undefined
  /** Sizes and times of the document's files when `meta` was read; a mismatch means it is stale. */
  stamp: string
}

const indexFile = z.object({
  format: z.literal(1),
  entries: z.array(
    z.object({
      id: z.string(),
      place: z.enum(['documents', 'trash']),
      meta: metaSchema,
      trashedAt: z.string().optional(),
      stamp: z.string(),
    }),
  ),
})

/**
 * The list of documents with their meta, kept in one file so that listing the library does not load
 * any document. It is a cache: the document folders are the truth, and Library checks each entry's
 * stamp against them on open.
 */
export class LibraryIndex {
  private saving: Promise<void> = Promise.resolve()
  private dirty = false

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, IndexEntry>,
  ) {}

  /** A missing or unreadable index reads as empty, and is rebuilt from the folders. */
  static async read(path: string): Promise<LibraryIndex> {
    const text = await readFile(path, 'utf8').catch(() => '')
    let entries: IndexEntry[] = []
    try {
      entries = indexFile.parse(JSON.parse(text)).entries
    } catch {
      // Rebuilt by Library.open from the document folders.
    }
    return new LibraryIndex(path, new Map(entries.map((entry) => [entry.id, entry])))
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id)
  }

  all(): IndexEntry[] {
    return [...this.entries.values()]
  }

  set(entry: IndexEntry): void {
    this.entries.set(entry.id, entry)
    this.dirty = true
  }

  /** Changes an entry; an update that changes nothing leaves the index clean. */
  update(id: string, patch: Partial<Omit<IndexEntry, 'id'>>): void {
    const entry = this.entries.get(id)
    if (!entry) return
    const updated = { ...entry, ...patch }
    if (JSON.stringify(updated) !== JSON.stringify(entry)) this.set(updated)
  }

  delete(id: string): void {
    this.dirty = this.entries.delete(id) || this.dirty
  }

  /**
   * Writes the index if it changed. The documents in `open` may have changes in memory that are not
   * on disk yet, so their stamps are written blank: after a crash they are always re-read.
   * Saves run one after another, each writing the entries as they are when it starts.
   */
  save(open: ReadonlySet<string>): Promise<void> {
    const run = this.saving.then(async () => {
      if (!this.dirty) return
      this.dirty = false
      const entries = this.all().map((entry) => (open.has(entry.id) ? { ...entry, stamp: '' } : entry))
      try {
        await writeFileAtomic(this.path, JSON.stringify({ format: 1, entries }))
      } catch (error) {
        this.dirty = true
        throw error
      }
    })
    this.saving = run.catch(() => {})
    return run
  }
}

export async function stampOf(documentDir: string): Promise<string> {
  const parts = await Promise.all(
    [SNAPSHOT_FILE, LOG_FILE].map(async (name) => {
      const info = await stat(join(documentDir, name)).catch(() => null)
      return info ? `${info.size}@${info.mtimeMs}` : '-'
    }),
  )
  return parts.join('/')
}
