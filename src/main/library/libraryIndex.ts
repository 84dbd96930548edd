import { createHash } from 'node:crypto'
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

const indexFile = z.object({ format: z.literal(1), digest: z.string().optional(), entries: z.array(z.unknown()) })
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
/** What precedes the entries' text in the file, as serialize writes it. */
const ENTRIES_KEY = ',"entries":'
/**
 * Bump it when the entries' schema (metaSchema's, above all) changes in a way JSON Schema cannot
 * show, which the digest would then miss: a transform (`trim`), a refinement.
 */
const ENTRY_SCHEMA_REVISION = 1
let entrySchemaText: string | undefined

/**
 * The digest written beside the entries: of their text as written, and of the schema they were
 * checked against (as JSON Schema, and its revision). A file whose entries still match it was written by a Casebook
 * with this schema, from entries it had checked, so they are not checked again: at 5,000 documents,
 * checking takes 150–250 ms of a launch, before the list. Any change to the file since (a disk's
 * damage, a hand's edit) or another schema (another version) has every entry checked. It guards
 * against accidents, not a forger: one who can write the library's files can write its documents.
 */
function digestOf(entriesText: string): string {
  entrySchemaText ??= `${ENTRY_SCHEMA_REVISION}\n${JSON.stringify(z.toJSONSchema(entrySchema))}`
  return createHash('sha256').update(entrySchemaText).update('\n').update(entriesText).digest('base64url')
}

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
     * a change without serialising every entry. Null while the file is missing, unreadable, or
     * without a digest that matches.
     */
    private written: ReadonlyMap<string, IndexEntry> | null,
  ) {}

  /** A missing or unreadable index reads as empty, and is rebuilt from the folders. */
  static async read(path: string): Promise<LibraryIndex> {
    const text = await readFile(path, 'utf8').catch(() => '')
    const entries: IndexEntry[] = []
    let trusted = false
    try {
      const file = indexFile.parse(JSON.parse(text))
      const at = text.indexOf(ENTRIES_KEY)
      trusted = file.digest !== undefined && at !== -1 && file.digest === digestOf(text.slice(at + ENTRIES_KEY.length, -1))
      if (trusted) entries.push(...(file.entries as IndexEntry[]))
      else {
        for (let start = 0; start < file.entries.length; start += CHECKED_AT_ONCE) {
          for (const entry of file.entries.slice(start, start + CHECKED_AT_ONCE)) entries.push(entrySchema.parse(entry))
          await nextTurn()
        }
      }
    } catch {
      return new LibraryIndex(path, new Map(), null)
    }
    const read = new Map(entries.map((entry) => [entry.id, entry]))
    // One without the digest that matches is written again at the next save, with it.
    return new LibraryIndex(path, new Map(read), trusted ? read : null)
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

/** One fixed key order, so that equal indexes serialise to equal text; the digest before the entries. */
function serialize(entries: IndexEntry[]): string {
  const ordered = entries.map(({ id, place, meta, trashedAt, stamp }) => ({ id, place, meta: orderedMeta(meta), trashedAt, stamp }))
  const text = JSON.stringify(ordered)
  return `{"format":1,"digest":"${digestOf(text)}"${ENTRIES_KEY}${text}}`
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
