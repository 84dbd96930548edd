import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { ShellReply, ShellRequest } from './shellProtocol.js'

/** What a binary frame on the browser shell's WebSocket holds, named by its first byte. */
const DOCUMENT = 0
const BYTES_REQUEST = 1
const BYTES_RESPONSE = 2

/** A request whose input carries a file's bytes, which JSON would carry only as text a third larger. */
export type BytesRequest = ShellRequest & { input: { bytes: Uint8Array; [field: string]: unknown } }

/** A response whose value carries a file's bytes: an export. */
export type BytesResponse = Extract<ShellReply, { ok: true }> & { value: { bytes: Uint8Array; [field: string]: unknown } }

export type ShellFrame =
  | { type: 'document'; id: string; message: Uint8Array }
  | { type: 'request'; request: ShellRequest }
  | { type: 'response'; reply: BytesResponse }

export function hasBytes(request: ShellRequest): request is BytesRequest {
  return holdsBytes(request.input)
}

export function hasBytesValue(reply: ShellReply): reply is BytesResponse {
  return reply.type === 'response' && reply.ok && holdsBytes(reply.value)
}

function holdsBytes(value: unknown): value is { bytes: Uint8Array } {
  return typeof value === 'object' && value !== null && (value as { bytes?: unknown }).bytes instanceof Uint8Array
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
export function encodeBytesRequest({ input: { bytes, ...rest }, ...request }: BytesRequest): Uint8Array<ArrayBuffer> {
  return withBytes(BYTES_REQUEST, { ...request, input: rest }, bytes)
}

/** The response as JSON without its value's bytes, then the bytes as they are. */
export function encodeBytesResponse({ value: { bytes, ...rest }, ...reply }: BytesResponse): Uint8Array<ArrayBuffer> {
  return withBytes(BYTES_RESPONSE, { ...reply, value: rest }, bytes)
}

function withBytes(kind: number, message: object, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, kind)
  encoding.writeVarString(encoder, JSON.stringify(message))
  encoding.writeUint8Array(encoder, bytes)
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>
}

/** Throws on a frame of none of these kinds, too short, or whose message is not JSON. The bytes are not copied. */
export function decodeShellFrame(frame: Uint8Array): ShellFrame {
  const decoder = decoding.createDecoder(frame)
  const kind = decoding.readUint8(decoder)
  if (kind === DOCUMENT) {
    const id = decoding.readVarString(decoder)
    return { type: 'document', id, message: frame.subarray(decoder.pos) }
  }
  if (kind === BYTES_RESPONSE) {
    const reply = JSON.parse(decoding.readVarString(decoder)) as BytesResponse
    if (typeof reply.value !== 'object' || reply.value === null) throw new Error('A response with bytes whose value is not an object.')
    return { type: 'response', reply: { ...reply, value: { ...reply.value, bytes: frame.subarray(decoder.pos) } } }
  }
  if (kind !== BYTES_REQUEST) throw new Error(`A frame of unknown kind ${kind}.`)
  const request = JSON.parse(decoding.readVarString(decoder)) as ShellRequest
  if (typeof request.input !== 'object' || request.input === null) throw new Error('A request with bytes whose input is not an object.')
  return { type: 'request', request: { ...request, input: { ...request.input, bytes: frame.subarray(decoder.pos) } } }
}
