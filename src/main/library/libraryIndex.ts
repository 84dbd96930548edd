import { statSync, type Stats } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { sep } from 'node:path'
import * as z from 'zod'
import { metaSchema, type DocumentMeta } from '../../shared/model/meta.js'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import { LOG_FILE, SNAPSHOT_FILE } from './durableDocument.js'
import type { Place } from './libraryLayout.js'

export interface IndexEntry {
  readonly id: string
  readonly place: Place
  readonly meta: Readonly<DocumentMeta>
  readonly trashedAt?: string | undefined
  /**
   * Sizes and times of the document's files when `meta` was read; a mismatch means it is stale. Blank
   * while the document is loaded, because its meta may then be ahead of what is on disk.
   */
  readonly stamp: string
}

const indexFile = z.object({ format: z.literal(1), entries: z.array(z.unknown()) })
const entrySchema = z.object({
  id: z.string(),
  place: z.enum(['documents', 'trash']),
  meta: metaSchema,
  trashedAt: z.string().optional(),
  stamp: z.string(),
})
/**
 * Entries checked at a time, with a turn of the event loop between (5,000 take a fifth of a second):
 * the browser shell serves its page while the library opens.
 */
const CHECKED_AT_ONCE = 500

/**
 * The list of documents with their meta, kept in one file so that listing the library does not load
 * any document. It is a cache: the document folders are the truth, and Library checks each entry's
 * stamp against them on open.
 */
export class LibraryIndex {
  /** Saves write the entries as they are when they start, so requests made during one share the next. */
  private readonly saves = new CoalescedTask(async () => {
    if (!this.changed()) return
    const entries = new Map(this.entries)
    await writeFileAtomic(this.path, serialize([...entries.values()]))
    this.written = entries
  })

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, IndexEntry>,
    /**
     * The entries the file holds now, so that a save that would change nothing writes nothing. Entries
     * are replaced, never changed in place, so comparing them field by field (meta by reference) tells
     * a change without serialising every entry. Null while the file is missing or unreadable.
     */
    private written: ReadonlyMap<string, IndexEntry> | null,
  ) {}

  /** A missing or unreadable index reads as empty, and is rebuilt from the folders. */
  static async read(path: string): Promise<LibraryIndex> {
    const text = await readFile(path, 'utf8').catch(() => '')
    const entries: IndexEntry[] = []
    try {
      const unchecked = indexFile.parse(JSON.parse(text)).entries
      for (let start = 0; start < unchecked.length; start += CHECKED_AT_ONCE) {
        for (const entry of unchecked.slice(start, start + CHECKED_AT_ONCE)) entries.push(entrySchema.parse(entry))
        await nextTurn()
      }
    } catch {
      return new LibraryIndex(path, new Map(), null)
    }
    const read = new Map(entries.map((entry) => [entry.id, entry]))
    return new LibraryIndex(path, new Map(read), read)
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id)
  }

  all(): IndexEntry[] {
    return [...this.entries.values()]
  }

  set(entry: IndexEntry): void {
    this.entries.set(entry.id, entry)
  }

  update(id: string, patch: Partial<Omit<IndexEntry, 'id'>>): void {
    const entry = this.entries.get(id)
    if (entry) this.entries.set(id, { ...entry, ...patch })
  }

  delete(id: string): void {
    this.entries.delete(id)
  }

  /** Writes the index if it differs from the file. */
  save(): Promise<void> {
    return this.saves.run()
  }

  private changed(): boolean {
    if (!this.written || this.entries.size !== this.written.size) return true
    for (const entry of this.entries.values()) {
      const written = this.written.get(entry.id)
      if (!written || !sameEntry(entry, written)) return true
    }
    return false
  }
}

function sameEntry(a: IndexEntry, b: IndexEntry): boolean {
  return a.place === b.place && a.meta === b.meta && a.trashedAt === b.trashedAt && a.stamp === b.stamp
}

/** One fixed key order, so that equal indexes serialise to equal text. */
function serialize(entries: IndexEntry[]): string {
  const ordered = entries.map(({ id, place, meta, trashedAt, stamp }) => ({ id, place, meta: orderedMeta(meta), trashedAt, stamp }))
  return JSON.stringify({ format: 1, entries: ordered })
}

function orderedMeta(meta: DocumentMeta): DocumentMeta {
  return Object.fromEntries(Object.keys(metaSchema.shape).map((key) => [key, meta[key as keyof DocumentMeta]])) as DocumentMeta
}

/**
 * Inode, size, modification and change time of the snapshot and the log. The inode catches a snapshot
 * replaced within one tick of the file system's clock, which can leave size and times unchanged.
 * Synchronous: opening a library of 5,000 documents takes 10,000 of these, and each asynchronous one
 * costs the main thread about twice the CPU of the system call itself, in its round trip through
 * libuv's pool (docs/LIBRARY.md, "At scale").
 */
export function stampOf(documentDir: string): string {
  // Not path.join: `documentDir` is normalised already, and 10,000 joins cost the open some 30 ms.
  return [SNAPSHOT_FILE, LOG_FILE].map((name) => fileStamp(`${documentDir}${sep}${name}`)).join(';')
}

function fileStamp(path: string): string {
  let info: Stats | undefined
  try {
    info = statSync(path, { throwIfNoEntry: false })
  } catch {
    // Unreadable reads as missing, as the document's load will then say why.
  }
  return info ? `${info.ino}:${info.size}@${info.mtimeMs}/${info.ctimeMs}` : '-'
}
