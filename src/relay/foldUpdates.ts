import * as Y from 'yjs'

/**
 * Rebuilding a document drops what was deleted from it (Yjs garbage-collects it) but takes about 30
 * times its stored size in memory (1 GB for 31 MiB here, in 7 s), while merging its updates keeps
 * deleted content and takes 7 times (220 MB, in 2.3 s): larger documents are merged.
 */
const REBUILD_UP_TO_BYTES = 4 << 20

/**
 * A room's snapshot and updates folded into one snapshot, and apart what Yjs holds back of them (or
 * null), for a compaction; `readBytes` is what was folded.
 */
export function foldUpdates(parts: Uint8Array[]): { state: Uint8Array; held: Uint8Array | null; readBytes: number } {
  const readBytes = parts.reduce((bytes, part) => bytes + part.byteLength, 0)
  return { ...(readBytes > REBUILD_UP_TO_BYTES ? { state: Y.mergeUpdates(parts), held: null } : rebuilt(parts)), readBytes }
}

/** The rows rebuilt into one update, and apart what Yjs holds back of them (or null). */
function rebuilt(parts: Uint8Array[]): { state: Uint8Array; held: Uint8Array | null } {
  const doc = new Y.Doc()
  for (const part of parts) Y.applyUpdate(doc, part)
  // What Yjs holds back here was stored by older relays, which stored an update that left something
  // held back whole (or by compactions that kept it in the snapshot). It goes to the held-back row,
  // not the snapshot: the room may have been unloaded before its load set it aside into that row, and
  // it was acknowledged; but in the snapshot, a group the room discards would be set aside again at
  // each load.
  const { pendingStructs, pendingDs } = doc.store
  // Yjs would add them to the update it encodes.
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  const pending = [pendingStructs?.update, pendingDs].filter((update) => update !== undefined && update !== null)
  return { state, held: pending.length === 0 ? null : Y.mergeUpdates(pending.map((update) => Y.convertUpdateFormatV2ToV1(update))) }
}
