import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** A client's doc holding what the room holds. */
export function clientOf(room: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room))
  return doc
}

/** The update `change` makes to the root map `map` of `doc`. */
export function mapChangeOf(doc: Y.Doc, map: string, change: (values: Y.Map<unknown>) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.transact(() => change(doc.getMap(map)))
  return Y.encodeStateAsUpdate(doc, before)
}

/** `update`'s structs, all of one client, less its delete set: what a crafted client could send. */
export function structsOnly(update: Uint8Array): Uint8Array {
  const { structs } = Y.decodeUpdate(update)
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, 1)
  encoding.writeVarUint(encoder.restEncoder, structs.length)
  encoder.writeClient(structs[0]!.id.client)
  encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock)
  for (const struct of structs) struct.write(encoder, 0)
  encoding.writeVarUint(encoder.restEncoder, 0)
  return encoder.toUint8Array()
}
