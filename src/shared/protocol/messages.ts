import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The first varUint of every relay frame. 0–3 are y-websocket's own (y-protocols sync, awareness,
 * auth, query-awareness); Casebook adds one, sent only to clients that ask for it, so that stock
 * y-websocket clients never see a type they do not know.
 */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Relay → client: the first N update-carrying sync messages this connection sent are stored. */
  stored: 100,
} as const

/** The query parameter a client sets (to "1") to receive MESSAGE.stored. */
export const STORED_ACK_PARAM = 'ack'

export function encodeStored(count: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.stored)
  encoding.writeVarUint(encoder, count)
  return encoding.toUint8Array(encoder)
}

/** Reads the count of a MESSAGE.stored frame whose type has already been read. */
export function readStored(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder)
}
