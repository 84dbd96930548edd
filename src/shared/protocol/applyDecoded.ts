import * as Y from 'yjs'
import { decoded } from './malformedFrame.js'

/**
 * Applies an update from another peer only once all of it decodes: Yjs logs an update it cannot read
 * and keeps the part it read. Throws MalformedFrame, having changed nothing, if it does not decode;
 * returns whether it held anything (an empty step 2 holds nothing).
 */
export function applyDecoded(doc: Y.Doc, update: Uint8Array, origin: unknown): boolean {
  const { structs, ds } = decoded(() => Y.decodeUpdate(update))
  Y.applyUpdate(doc, update, origin)
  return structs.length > 0 || ds.clients.size > 0
}
