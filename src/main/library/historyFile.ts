import { rm, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { historyRoomOf } from '../../shared/protocol/rooms.js'
import { addVersion } from '../../shared/model/versionHistory.js'
import { MAGIC } from './frames.js'
import { VERSIONS_DIR } from './durableDocument.js'
import { listLegacyVersions, readVersionState } from './legacyVersions.js'
import { readStoredDoc, writeStoredDoc, type StoredDoc } from './storedDoc.js'

/** A document's version history (versionHistory.ts) is this file in its folder. */
export const HISTORY_FILE = 'history'

/**
 * Reads the history file, or an empty history if there is none. Versions saved before histories
 * synced, one file each in versions/, are moved into it first, under new ids; a file that cannot be
 * read is left where it is.
 */
export async function readHistory(documentDir: string, documentId: string): Promise<StoredDoc> {
  const history = await readStoredDoc(
    join(documentDir, HISTORY_FILE),
    historyRoomOf(documentId),
    MAGIC.history,
    (why, cause) =>
      new CasebookError('DOCUMENT_DAMAGED', `The version history of document ${documentId} is damaged: ${why}.`, { cause, reason: 'historyDamaged' }),
  )
  const legacy = await listLegacyVersions(documentDir, documentId)
  if (legacy.length === 0) return history
  const moved: string[] = []
  for (const { id, ...version } of legacy) {
    const state = await readVersionState(documentDir, id).catch(() => null)
    const doc = new Y.Doc()
    try {
      if (!state) continue
      Y.applyUpdate(doc, state)
      addVersion(history.doc, doc, version)
      moved.push(id)
    } catch {
      // Left in versions/, unread, as a damaged version always was.
    } finally {
      doc.destroy()
    }
  }
  if (moved.length === 0) return history
  await writeHistory(documentDir, history)
  await Promise.all(moved.map((id) => rm(join(documentDir, VERSIONS_DIR, `${id}.version`))))
  // Kept while it holds a file that could not be moved.
  await rmdir(join(documentDir, VERSIONS_DIR)).catch(() => {})
  return history
}

export async function writeHistory(documentDir: string, history: StoredDoc): Promise<void> {
  await writeStoredDoc(join(documentDir, HISTORY_FILE), history, MAGIC.history)
}
