import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * A document message on a transport that carries all open documents together (the browser shell's
 * WebSocket): the document id as a varString, then the y-protocols message as it is.
 */
export function encodeDocumentFrame(id: string, message: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, id)
  encoding.writeUint8Array(encoder, message)
  return encoding.toUint8Array(encoder)
}

/** Throws on a frame too short to hold an id. */
export function decodeDocumentFrame(frame: Uint8Array): { id: string; message: Uint8Array } {
  const decoder = decoding.createDecoder(frame)
  const id = decoding.readVarString(decoder)
  return { id, message: frame.subarray(decoder.pos) }
}
