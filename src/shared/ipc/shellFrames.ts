import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { ShellRequest } from './shellProtocol.js'

/** What a binary frame on the browser shell's WebSocket holds, named by its first byte. */
const DOCUMENT = 0
const BYTES_REQUEST = 1

/** A request whose input carries a file's bytes, which JSON would carry only as text a third larger. */
export type BytesRequest = ShellRequest & { input: { bytes: Uint8Array; [field: string]: unknown } }

export type ShellFrame = { type: 'document'; id: string; message: Uint8Array } | { type: 'request'; request: ShellRequest }

export function hasBytes(request: ShellRequest): request is BytesRequest {
  const input = request.input as { bytes?: unknown } | null
  return typeof input === 'object' && input !== null && input.bytes instanceof Uint8Array
}

/**
 * A document message on a transport that carries all open documents together: the document id as a
 * varString, then the y-protocols message as it is.
 */
export function encodeDocumentFrame(id: string, message: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, DOCUMENT)
  encoding.writeVarString(encoder, id)
  encoding.writeUint8Array(encoder, message)
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>
}

/** The request as JSON without its bytes, as a varString, then the bytes as they are. */
export function encodeBytesRequest({ input, ...request }: BytesRequest): Uint8Array<ArrayBuffer> {
  const { bytes, ...rest } = input
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, BYTES_REQUEST)
  encoding.writeVarString(encoder, JSON.stringify({ ...request, input: rest }))
  encoding.writeUint8Array(encoder, bytes)
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>
}

/** Throws on a frame that is neither: too short, of another kind, or a request that is not JSON. The bytes are not copied. */
export function decodeShellFrame(frame: Uint8Array): ShellFrame {
  const decoder = decoding.createDecoder(frame)
  const kind = decoding.readUint8(decoder)
  if (kind === DOCUMENT) {
    const id = decoding.readVarString(decoder)
    return { type: 'document', id, message: frame.subarray(decoder.pos) }
  }
  if (kind !== BYTES_REQUEST) throw new Error(`A frame of unknown kind ${kind}.`)
  const request = JSON.parse(decoding.readVarString(decoder)) as ShellRequest
  if (typeof request.input !== 'object' || request.input === null) throw new Error('A request with bytes whose input is not an object.')
  return { type: 'request', request: { ...request, input: { ...request.input, bytes: frame.subarray(decoder.pos) } } }
}
