import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomicFile.js'
import type { BlobStore } from './blobStore.js'
import type { LibraryLayout, Place } from './libraryLayout.js'

/** How long an image no document or version references stays in the library. */
export const UNREFERENCED_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000

/** Where the library notes when each image was first found unreferenced. */
export const UNREFERENCED_FILE = 'unreferenced-blobs.json'

/** What unreferenced-blobs.json holds: each unreferenced image's hash, and when it was first found so (ISO). */
interface UnreferencedFile {
  since: Record<string, string>
}

/**
 * Removes the images that nothing has referenced for UNREFERENCED_DAYS (docs/IMAGES.md, "Sync and
 * garbage collection"): no document, in the library or its trash, and no version of one. Each run
 * notes, in `<library>/unreferenced-blobs.json`, when each image was first found unreferenced, forgets
 * that date for one referenced again, and removes those first found so at least UNREFERENCED_DAYS
 * before `now`. Returns the hashes removed.
 *
 * The references are found in the stored bytes, not by decoding each document: an image node's
 * `blob` is a string, which Yjs stores as it is, in the document's snapshot and log and in each
 * version of its history (a version's state is stored as it is in the history's entries). A hash
 * anywhere in those files counts, so the scan can only keep too much (an image deleted from a
 * document, until the document's log is compacted), never remove what is referenced.
 */
export async function collectBlobGarbage(layout: LibraryLayout, blobs: BlobStore, now: Date): Promise<string[]> {
  const path = join(layout.root, UNREFERENCED_FILE)
  const held = await blobs.list()
  const known = await readUnreferenced(path)
  const referenced = held.length > 0 ? await referencedBlobs(layout, new Set(held)) : new Set<string>()
  const since: Record<string, string> = {}
  const removed: string[] = []
  for (const hash of held) {
    if (referenced.has(hash)) continue
    const noted = known[hash]
    const first = typeof noted === 'string' ? Date.parse(noted) : Number.NaN
    const found = Number.isNaN(first) || first > now.getTime() ? now.getTime() : first
    // A blob stored again since it was found unreferenced (blobStore.ts) is about to be referenced.
    const stored = (await stat(blobs.path(hash)).catch(() => null))?.mtimeMs ?? 0
    if (now.getTime() - Math.max(found, stored) >= UNREFERENCED_DAYS * DAY_MS) {
      await blobs.remove(hash)
      removed.push(hash)
    } else since[hash] = new Date(found).toISOString()
  }
  const file: UnreferencedFile = { since }
  await writeFileAtomic(path, JSON.stringify(file))
  return removed
}

/** Which of `held` the files of the library's documents and their trash name. */
async function referencedBlobs(layout: LibraryLayout, held: Set<string>): Promise<Set<string>> {
  const found = new Set<string>()
  for (const place of ['documents', 'trash'] satisfies Place[]) {
    for (const id of await readdir(layout.folder(place)).catch(() => [])) {
      await scanFolder(layout.dir(place, id), held, found)
      if (found.size === held.size) return found
    }
  }
  return found
}

/** Every file under `dir` (the snapshot, the log, the history, older versions in versions/). */
async function scanFolder(dir: string, held: Set<string>, found: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await scanFolder(path, held, found)
    else if (entry.isFile()) {
      // A file gone meanwhile (a compaction replaced it) left what it held in its successor, read next time.
      const bytes = await readFile(path).catch(() => null)
      if (bytes) for (const hash of hashesIn(bytes)) if (held.has(hash)) found.add(hash)
    }
  }
}

/** Every run of 64 lowercase hexadecimal digits in the bytes: within a longer run, each of its windows. */
export function hashesIn(bytes: Uint8Array): Set<string> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  const hashes = new Set<string>()
  for (const [run] of text.matchAll(/[0-9a-f]{64,}/g)) for (let at = 0; at + 64 <= run.length; at++) hashes.add(run.slice(at, at + 64))
  return hashes
}

async function readUnreferenced(path: string): Promise<Record<string, string>> {
  try {
    const { since } = JSON.parse(await readFile(path, 'utf8')) as Partial<UnreferencedFile>
    return since && typeof since === 'object' ? (since as Record<string, string>) : {}
  } catch {
    return {}
  }
}
