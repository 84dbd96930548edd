import { rename, rm } from 'node:fs/promises'
import { inLanes } from '../../shared/inLanes.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { fsyncDir } from '../atomicFile.js'
import { storageError } from '../fsErrors.js'
import { writeNewDocumentFiles } from './durableDocument.js'
import { stampOf, type LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout } from './libraryLayout.js'

export interface NewDocument {
  id: string
  state: Uint8Array
  meta: DocumentMeta
}

/**
 * How many documents' files are written at once. Each write ends in fsyncs, which the disk serves
 * faster several at a time (4,000 small files: 8.1 s one at a time, 2.1 to 2.8 s four at a time).
 */
const WRITES_AT_ONCE = 8

/**
 * Stores new documents with one commit for the batch: each one's files are written and fsynced in
 * staging/ (several documents at once), renamed into documents/, and documents/ is fsynced once;
 * then they are entered in the index, which the caller saves once. Each lands whole or not at all: a
 * crash leaves its folder in staging/ (cleared on open) or whole in documents/ (entered in the index
 * on open, if the index was not saved yet). Returns, for each document, whether it was stored.
 */
export async function storeNewDocuments(layout: LibraryLayout, index: LibraryIndex, documents: NewDocument[]): Promise<PromiseSettledResult<void>[]> {
  const staged: PromiseSettledResult<void>[] = []
  await inLanes(documents, WRITES_AT_ONCE, async ({ id, state, meta }, position) => {
    const staging = layout.staging(id)
    try {
      await writeNewDocumentFiles(staging, state)
      await rename(staging, layout.dir('documents', id))
      staged[position] = { status: 'fulfilled', value: undefined }
    } catch (error) {
      await removeBestEffort(staging)
      staged[position] = { status: 'rejected', reason: storageError(error, `store the new document "${meta.title}"`) }
    }
  })
  const moved = documents.filter((_, position) => staged[position]?.status === 'fulfilled')
  if (!moved.length) return staged
  try {
    await fsyncDir(layout.folder('documents'))
  } catch (error) {
    // Their names may not be durable: removed, so that they do not come back listed on the next open
    // (a retry would store them twice). One that stays (its removal failed too) is listed on the next open.
    await Promise.all(moved.map(({ id }) => removeBestEffort(layout.dir('documents', id))))
    const failed = storageError(error, documents.length === 1 ? `store the new document "${documents[0]?.meta.title}"` : 'store the new documents')
    return staged.map((result) => (result.status === 'fulfilled' ? { status: 'rejected', reason: failed } : result))
  }
  for (const { id, meta } of moved) index.set({ id, place: 'documents', meta, stamp: stampOf(layout.dir('documents', id)) })
  return staged
}

/** What a failed store leaves behind is removed if it can be; if not, its own error is the one reported. */
async function removeBestEffort(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => {})
}
