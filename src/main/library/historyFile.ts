import { readFile, rm, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { historyRoomOf } from '../../shared/protocol/rooms.js'
import { addVersion } from '../../shared/model/versionHistory.js'
import { writeFileAtomic } from '../atomicFile.js'
import { MAGIC, encodeFile, scanFrames } from './frames.js'
import { VERSIONS_DIR } from './durableDocument.js'
import { listLegacyVersions, readVersionState } from './legacyVersions.js'

/** A document's version history (versionHistory.ts) is this file in its folder. */
export const HISTORY_FILE = 'history'

/**
 * A document's version history as this device holds it, and what of it the relay has acknowledged
 * storing (a state vector), so that a history with versions the relay lacks can be told from one
 * without, without asking the relay.
 */
export interface StoredHistory {
  doc: Y.Doc
  sent: Uint8Array
}

/**
 * Reads the history file, or an empty history if there is none. Versions saved before histories
 * synced, one file each in versions/, are moved into it first, under new ids; a file that cannot be
 * read is left where it is.
 */
export async function readHistory(documentDir: string, documentId: string): Promise<StoredHistory> {
  const history = await readHistoryFile(documentDir, documentId)
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
  await writeHistory(documentDir, history)
  await Promise.all(moved.map((id) => rm(join(documentDir, VERSIONS_DIR, `${id}.version`))))
  // Kept while it holds a file that could not be moved.
  await rmdir(join(documentDir, VERSIONS_DIR)).catch(() => {})
  return history
}

export async function writeHistory(documentDir: string, { doc, sent }: StoredHistory): Promise<void> {
  await writeFileAtomic(join(documentDir, HISTORY_FILE), encodeFile(MAGIC.history, [Y.encodeStateAsUpdate(doc), sent]))
}

async function readHistoryFile(documentDir: string, documentId: string): Promise<StoredHistory> {
  const doc = new Y.Doc({ guid: historyRoomOf(documentId) })
  const content = await readFile(join(documentDir, HISTORY_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (!content) return { doc, sent: Y.encodeStateVector(new Y.Doc()) }
  const damaged = (why: string, cause?: unknown) =>
    new CasebookError('DOCUMENT_DAMAGED', `The version history of document ${documentId} is damaged: ${why}.`, { cause, reason: 'historyDamaged' })
  const { payloads, damage } = scanFrames(content, MAGIC.history)
  const [state, sent] = payloads
  if (damage || !state || !sent) throw damaged(damage ?? 'part of it is missing')
  try {
    Y.applyUpdate(doc, state)
  } catch (error) {
    throw damaged('its state cannot be read', error)
  }
  return { doc, sent }
}
