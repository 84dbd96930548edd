import * as Y from 'yjs'

/**
 * Applies an update to a room's doc and returns what of it must be stored: only what was new to the
 * doc (the update Yjs emits for the transaction), or null when it brought nothing, so that an update
 * sent again is not stored again. Yjs holds back structs and deletions whose dependencies have not
 * arrived (pending); they are in no emitted update until then, so an update that left something
 * pending is returned whole, lest that part be lost on a restart.
 */
export function applyNewContent(doc: Y.Doc, update: Uint8Array, origin: unknown): Uint8Array | null {
  const pendingBefore = pending(doc)
  const fresh: Uint8Array[] = []
  const collect = (emitted: Uint8Array) => fresh.push(emitted)
  doc.on('update', collect)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    doc.off('update', collect)
  }
  const pendingAfter = pending(doc)
  if (!sameBytes(pendingBefore.structs, pendingAfter.structs) || !sameBytes(pendingBefore.deletions, pendingAfter.deletions)) return update
  if (fresh.length === 0) return null
  return fresh.length === 1 ? fresh[0]! : Y.mergeUpdates(fresh)
}

function pending(doc: Y.Doc): { structs: Uint8Array | null; deletions: Uint8Array | null } {
  return { structs: doc.store.pendingStructs?.update ?? null, deletions: doc.store.pendingDs }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true
  return a !== null && b !== null && Buffer.compare(a, b) === 0
}
