import { readdir } from 'node:fs/promises'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { isCasebookError } from '../../shared/errors.js'
import { inLanes } from '../../shared/inLanes.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { describeFsError, isFsError } from '../fsErrors.js'
import { stampOf, type IndexEntry, type LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout, Place } from './libraryLayout.js'

/**
 * How many folders are examined at once. It matters when documents must be re-read (after a copy from
 * elsewhere, every one): each read waits on the file system, and one after another leave it idle.
 */
const LANES = 32
/**
 * Stats are synchronous (stampOf): the folders are examined this many at a time, with a turn of the
 * event loop between, so that the browser shell serves its page while the library opens.
 */
const CHUNK = 256

interface Folder {
  place: Place
  id: string
  dir: string
}

/** What a folder holds, against the index entry it was compared with. */
type Finding = { entry: IndexEntry | undefined } & ({ stamp: string } | { meta: DocumentMeta; stamp: string } | { damage: string })

/**
 * Brings the index in line with the document folders: entries whose files changed since they were
 * written (a crash, or a copy from elsewhere) are re-read with `readMeta`, missing ones added, vanished
 * ones dropped. Returns the documents whose files cannot be read, each with why; they are left on disk
 * untouched, and out of the index. Folders are examined several at once, and the findings entered in
 * the order of the folders, so the index and the damaged ones come out as if examined one by one.
 */
export async function rebuildIndex(
  layout: LibraryLayout,
  index: LibraryIndex,
  readMeta: (dir: string, id: string) => Promise<DocumentMeta>,
): Promise<Map<string, string>> {
  const folders: Folder[] = []
  for (const place of ['documents', 'trash'] as const) {
    for (const folder of await readdir(layout.folder(place), { withFileTypes: true }))
      if (folder.isDirectory()) folders.push({ place, id: folder.name, dir: layout.dir(place, folder.name) })
  }
  const findings: Finding[] = []
  for (let start = 0; start < folders.length; start += CHUNK) {
    await inLanes(folders.slice(start, start + CHUNK), LANES, async (folder, offset) => {
      findings[start + offset] = await examine(folder, index.get(folder.id), readMeta)
    })
    await nextTurn()
  }
  const damaged = new Map<string, string>()
  for (const [position, folder] of folders.entries()) {
    const { id, place } = folder
    let finding = findings[position] as Finding
    const entry = index.get(id)
    // Only a document in both places finds its entry changed by the folder before.
    if (entry !== finding.entry) finding = await examine(folder, entry, readMeta)
    if ('damage' in finding) {
      damaged.set(id, finding.damage)
      index.delete(id)
    } else if ('meta' in finding) {
      const trashedAt = place === 'trash' ? (entry?.trashedAt ?? new Date().toISOString()) : undefined
      index.set({ id, place, meta: finding.meta, stamp: finding.stamp, trashedAt })
    } else if (entry && entry.place !== place) {
      index.update(id, { place, trashedAt: place === 'trash' ? new Date().toISOString() : undefined })
    }
  }
  const seen = new Set(folders.map((folder) => folder.id))
  for (const entry of index.all()) if (!seen.has(entry.id)) index.delete(entry.id)
  return damaged
}

/** Whether `entry` still matches the folder's files, and if not, its meta as they hold it, or why they cannot be read. */
async function examine({ id, dir }: Folder, entry: IndexEntry | undefined, readMeta: (dir: string, id: string) => Promise<DocumentMeta>): Promise<Finding> {
  const stamp = stampOf(dir)
  if (entry && entry.stamp === stamp) return { entry, stamp }
  try {
    const meta = await readMeta(dir, id)
    // Taken again: reading may have repaired or compacted the files.
    return { entry, meta, stamp: stampOf(dir) }
  } catch (error) {
    if (!isCasebookError(error) && !isFsError(error)) throw error
    return { entry, damage: isCasebookError(error) ? error.message : `Document ${id} cannot be read: ${describeFsError(error)}.` }
  }
}
