import * as encoding from 'lib0/encoding'
import type * as Y from 'yjs'

/** A run of deleted clocks of one client. */
export interface DeleteRange {
  clock: number
  len: number
}

/**
 * Writes a delete set as the end of a V1 update: Yjs has the writer but does not export it, and both
 * the client (pieces of a large state) and the relay (step 2 in pieces) build updates by hand.
 */
export function writeDeleteSet(encoder: Y.UpdateEncoderV1, deleted: ReadonlyMap<number, readonly DeleteRange[]>): void {
  encoding.writeVarUint(encoder.restEncoder, deleted.size)
  for (const [client, ranges] of deleted) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock)
      encoder.writeDsLen(len)
    }
  }
}
