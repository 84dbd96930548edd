import { rename, rm } from 'node:fs/promises'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { fsyncDir } from '../atomicFile.js'
import { storageError } from '../fsErrors.js'
import { writeNewDocumentFiles } from './durableDocument.js'
import { stampOf, type LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout } from './libraryLayout.js'

/**
 * Writes a new document's files in staging/ and renames them into documents/, so they land whole or
 * not at all; then enters it in the index (which the caller saves).
 */
export async function storeNewDocument(layout: LibraryLayout, index: LibraryIndex, id: string, state: Uint8Array, meta: DocumentMeta): Promise<void> {
  const staging = layout.staging(id)
  const dir = layout.dir('documents', id)
  try {
    await writeNewDocumentFiles(staging, state)
    await rename(staging, dir)
    await fsyncDir(layout.folder('documents'))
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw storageError(error, `store the new document "${meta.title}"`)
  }
  index.set({ id, place: 'documents', meta, stamp: await stampOf(dir) })
}
