import { readdir } from 'node:fs/promises'
import { isCasebookError } from '../../shared/errors.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { describeFsError, isFsError } from '../fsErrors.js'
import { stampOf, type LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout } from './libraryLayout.js'

/**
 * Brings the index in line with the document folders: entries whose files changed since they were
 * written (a crash, or a copy from elsewhere) are re-read with `readMeta`, missing ones added, vanished
 * ones dropped. Returns the documents whose files cannot be read, each with why; they are left on disk
 * untouched, and out of the index.
 */
export async function rebuildIndex(
  layout: LibraryLayout,
  index: LibraryIndex,
  readMeta: (dir: string, id: string) => Promise<DocumentMeta>,
): Promise<Map<string, string>> {
  const damaged = new Map<string, string>()
  const seen = new Set<string>()
  for (const place of ['documents', 'trash'] as const) {
    for (const folder of await readdir(layout.folder(place), { withFileTypes: true })) {
      if (!folder.isDirectory()) continue
      const id = folder.name
      seen.add(id)
      const dir = layout.dir(place, id)
      const entry = index.get(id)
      if (entry && entry.stamp === (await stampOf(dir))) {
        if (entry.place !== place) index.update(id, { place, trashedAt: place === 'trash' ? new Date().toISOString() : undefined })
        continue
      }
      try {
        const meta = await readMeta(dir, id)
        const trashedAt = place === 'trash' ? (entry?.trashedAt ?? new Date().toISOString()) : undefined
        index.set({ id, place, meta, stamp: await stampOf(dir), trashedAt })
      } catch (error) {
        if (!isCasebookError(error) && !isFsError(error)) throw error
        damaged.set(id, isCasebookError(error) ? error.message : `Document ${id} cannot be read: ${describeFsError(error)}.`)
        index.delete(id)
      }
    }
  }
  for (const entry of index.all()) if (!seen.has(entry.id)) index.delete(entry.id)
  return damaged
}
