import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

type Struct = Y.Item | Y.GC

/**
 * What a doc holds beyond a state vector, as Y.encodeStateAsUpdate(doc, stateVector) has it, in
 * updates (v1) of at most `pieceStructs` structs each, made one at a time as they are asked for: a
 * relay answering a sync step 1 for a document of millions of items in one go would hold its event
 * loop for a second or more. The doc may change between pieces; each piece starts at the clock the
 * one before ended, so what a piece holds is the doc as it then is (the changes in between are
 * broadcast as usual). Structs go client by client, as Yjs writes them; the delete set of the whole
 * doc, and what Yjs holds pending, come last. What is no more than `pieceStructs` structs is one
 * piece, as Yjs encodes it.
 */
export function* stateInPieces(doc: Y.Doc, stateVector: Uint8Array, pieceStructs: number): Generator<Uint8Array, void> {
  const known = Y.decodeStateVector(stateVector)
  if (structsBeyond(doc, known) <= pieceStructs) return yield Y.encodeStateAsUpdate(doc, stateVector)
  // Higher client ids first, as Yjs writes them.
  for (const client of [...doc.store.clients.keys()].sort((a, b) => b - a)) {
    let clock = known.get(client) ?? 0
    while (clock < Y.getState(doc.store, client)) {
      const structs = doc.store.clients.get(client) as Struct[]
      const first = Y.findIndexSS(structs, clock)
      const count = Math.min(pieceStructs, structs.length - first)
      const encoder = new Y.UpdateEncoderV1()
      encoding.writeVarUint(encoder.restEncoder, 1)
      encoding.writeVarUint(encoder.restEncoder, count)
      encoder.writeClient(client)
      encoding.writeVarUint(encoder.restEncoder, clock)
      structs[first]!.write(encoder, clock - structs[first]!.id.clock)
      for (let index = first + 1; index < first + count; index += 1) structs[index]!.write(encoder, 0)
      const last = structs[first + count - 1]!
      clock = last.id.clock + last.length
      // No deleted ranges.
      encoding.writeVarUint(encoder.restEncoder, 0)
      yield encoder.toUint8Array()
    }
  }
  yield deleteSet(doc)
  const { pendingStructs, pendingDs } = doc.store
  if (pendingStructs) yield Y.convertUpdateFormatV2ToV1(Y.diffUpdateV2(pendingStructs.update, stateVector))
  if (pendingDs) yield Y.convertUpdateFormatV2ToV1(pendingDs)
}

/** An update of the doc's deleted ranges only. */
function deleteSet(doc: Y.Doc): Uint8Array {
  const ds = Y.createDeleteSetFromStructStore(doc.store)
  const encoder = new Y.UpdateEncoderV1()
  // No structs.
  encoding.writeVarUint(encoder.restEncoder, 0)
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size)
  for (const [client, ranges] of [...ds.clients].sort(([a], [b]) => b - a)) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const { clock, len } of ranges as { clock: number; len: number }[]) {
      encoder.writeDsClock(clock)
      encoder.writeDsLen(len)
    }
  }
  return encoder.toUint8Array()
}

function structsBeyond(doc: Y.Doc, known: Map<number, number>): number {
  let count = 0
  for (const [client, structs] of doc.store.clients) {
    const clock = known.get(client) ?? 0
    if (clock < Y.getState(doc.store, client)) count += structs.length - Y.findIndexSS(structs as Struct[], clock)
  }
  return count
}
