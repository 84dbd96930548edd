import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { type DeleteRange, writeDeleteSet } from '../shared/protocol/writeDeleteSet.js'

type Struct = Y.Item | Y.GC

/**
 * What a doc holds beyond a state vector, as Y.encodeStateAsUpdate(doc, stateVector) has it, in
 * updates (v1) of at most `pieceStructs` structs each, made one at a time as they are asked for: a
 * relay answering a sync step 1 for a document of millions of items in one go would hold its event
 * loop for a second or more. The doc may change between pieces; each piece starts at the clock the
 * one before ended, so what a piece holds is the doc as it then is (the changes in between are
 * broadcast as usual). Structs go client by client, as Yjs writes them; the delete set of the whole
 * doc comes last. (Yjs would add what it holds back; a room's doc holds none: see HeldBack.) The delete set is gathered over turns too (3 million
 * structs took 180 ms in one): a null is a turn that gathered and has nothing to send yet. What is
 * no more than `pieceStructs` structs is one piece, as Yjs encodes it.
 */
export function* stateInPieces(doc: Y.Doc, stateVector: Uint8Array, pieceStructs: number): Generator<Uint8Array | null, void> {
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
  const deletes = yield* deleteSet(doc, pieceStructs * DELETED_READ_PER_ENCODED)
  yield deletes
}

/** Reading whether a struct is deleted takes a quarter of the time of encoding it (60 against 270 ns here): 10 pieces' worth a turn is some 6 ms. */
const DELETED_READ_PER_ENCODED = 10

/**
 * An update of the doc's deleted ranges only, as Y.createDeleteSetFromStructStore has them, read
 * `perTurn` structs a turn (a null between turns). Each client's structs are read on from the clock
 * where the last turn stopped: Yjs may have split or merged them since. A struct deleted meanwhile
 * behind that clock is broadcast to the client as a change of its own.
 */
function* deleteSet(doc: Y.Doc, perTurn: number): Generator<null, Uint8Array> {
  const deleted = new Map<number, DeleteRange[]>()
  let read = 0
  for (const client of [...doc.store.clients.keys()].sort((a, b) => b - a)) {
    const ranges: DeleteRange[] = []
    let clock = 0
    while (clock < Y.getState(doc.store, client)) {
      if (read >= perTurn) {
        read = 0
        yield null
        continue
      }
      const structs = doc.store.clients.get(client) as Struct[]
      let index = Y.findIndexSS(structs, clock)
      const end = Math.min(structs.length, index + perTurn - read)
      read += end - index
      for (; index < end; index += 1) {
        const struct = structs[index]!
        const next = struct.id.clock + struct.length
        if (struct.deleted) {
          const last = ranges.at(-1)
          if (last && last.clock + last.len === clock) last.len += next - clock
          else ranges.push({ clock, len: next - clock })
        }
        clock = next
      }
    }
    if (ranges.length > 0) deleted.set(client, ranges)
  }
  const encoder = new Y.UpdateEncoderV1()
  // No structs.
  encoding.writeVarUint(encoder.restEncoder, 0)
  writeDeleteSet(encoder, deleted)
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
