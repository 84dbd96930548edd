import { rename } from 'node:fs/promises'
import { fsyncDir } from '../atomicFile.js'
import { storageError } from '../fsErrors.js'
import type { LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout, Place } from './libraryLayout.js'

/**
 * Moves a document's folder between the library and its trash, durably, and notes the move in the
 * index (which the caller saves). The caller checks that the document is in `from` and not open.
 */
export async function moveDocument(layout: LibraryLayout, index: LibraryIndex, id: string, from: Place, to: Place): Promise<void> {
  try {
    await rename(layout.dir(from, id), layout.dir(to, id))
    await Promise.all([fsyncDir(layout.folder(from)), fsyncDir(layout.folder(to))])
  } catch (error) {
    throw storageError(error, to === 'trash' ? `move document ${id} to the trash` : `restore document ${id}`)
  }
  index.update(id, { place: to, trashedAt: to === 'trash' ? new Date().toISOString() : undefined })
}
