import { readFile } from 'node:fs/promises'
import * as Y from 'yjs'
import { writeFileAtomic } from '../atomicFile.js'
import { encodeFile, scanFrames } from './frames.js'

/**
 * A Y.Doc that is not a Casebook document (a version history, a network's catalog) as this device
 * holds it, and what of it the relay has acknowledged storing (a state vector), so that one with
 * changes the relay lacks can be told from one without, without asking the relay.
 */
export interface StoredDoc {
  doc: Y.Doc
  sent: Uint8Array
}

/**
 * Reads the file (its magic, then the state and the state vector sent, framed), or an empty doc if
 * there is none; a file that cannot be read throws what `damaged` makes of why.
 */
export async function readStoredDoc(path: string, guid: string, magic: Buffer, damaged: (why: string, cause?: unknown) => Error): Promise<StoredDoc> {
  const doc = new Y.Doc({ guid })
  const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (!content) return { doc, sent: Y.encodeStateVector(new Y.Doc()) }
  const { payloads, damage } = scanFrames(content, magic)
  const [state, sent] = payloads
  if (damage || !state || !sent) throw damaged(damage ?? 'part of it is missing')
  try {
    Y.applyUpdate(doc, state)
  } catch (error) {
    throw damaged('its state cannot be read', error)
  }
  return { doc, sent }
}

/** Replaces the file, atomically. */
export async function writeStoredDoc(path: string, { doc, sent }: StoredDoc, magic: Buffer): Promise<void> {
  await writeFileAtomic(path, encodeFile(magic, [Y.encodeStateAsUpdate(doc), sent]))
}

/** Whether the relay has acknowledged everything the doc holds. */
export function allSent({ doc, sent }: StoredDoc): boolean {
  return Buffer.compare(Y.encodeStateVector(doc), sent) === 0
}
