import { crc32 } from 'node:zlib'

/**
 * Every file of the library is an 8-byte magic naming its kind, then records framed as
 * [u32 length][u32 CRC-32 of the payload][payload], little-endian. A reader can then tell a complete
 * record from a torn or corrupted one and keep everything before it.
 */
export const MAGIC = {
  log: Buffer.from('CBLOG001'),
  snapshot: Buffer.from('CBSNAP01'),
  version: Buffer.from('CBVER001'),
  history: Buffer.from('CBHIST01'),
  catalog: Buffer.from('CBCATL01'),
  comments: Buffer.from('CBCMNT01'),
  adaptations: Buffer.from('CBADPT01'),
} as const

export const MAGIC_BYTES = 8
export const FRAME_HEADER_BYTES = 8
/** No Yjs update or state we write comes near this; a larger length means a damaged header. */
const MAX_PAYLOAD_BYTES = 1 << 30

/** Writes one framed record into `target` at `offset` (which must have room) and returns the end offset. */
export function writeFrame(target: Buffer, offset: number, payload: Uint8Array): number {
  target.writeUInt32LE(payload.byteLength, offset)
  target.writeUInt32LE(crc32(payload), offset + 4)
  target.set(payload, offset + FRAME_HEADER_BYTES)
  return offset + FRAME_HEADER_BYTES + payload.byteLength
}

export function encodeFile(magic: Buffer, payloads: Uint8Array[]): Buffer {
  const file = Buffer.allocUnsafe(payloads.reduce((size, payload) => size + FRAME_HEADER_BYTES + payload.byteLength, magic.length))
  magic.copy(file)
  payloads.reduce((offset, payload) => writeFrame(file, offset, payload), magic.length)
  return file
}

export interface ScanResult {
  /** Views into the scanned buffer, in order. */
  payloads: Uint8Array[]
  /** Length of the prefix that holds the magic and complete, intact records. */
  validBytes: number
  /** Why the scan stopped before the end of the buffer; absent when the whole buffer is intact. */
  damage?: string
}

export function scanFrames(buffer: Buffer, magic: Buffer): ScanResult {
  if (buffer.length < MAGIC_BYTES || !buffer.subarray(0, MAGIC_BYTES).equals(magic)) {
    return { payloads: [], validBytes: 0, damage: 'the file does not start with its header' }
  }
  const payloads: Uint8Array[] = []
  let offset = MAGIC_BYTES
  while (offset < buffer.length) {
    if (buffer.length - offset < FRAME_HEADER_BYTES) return { payloads, validBytes: offset, damage: 'a record header is cut short' }
    const length = buffer.readUInt32LE(offset)
    const checksum = buffer.readUInt32LE(offset + 4)
    const start = offset + FRAME_HEADER_BYTES
    if (length > MAX_PAYLOAD_BYTES) return { payloads, validBytes: offset, damage: 'a record header is corrupt' }
    if (buffer.length - start < length) return { payloads, validBytes: offset, damage: 'a record is cut short' }
    const payload = buffer.subarray(start, start + length)
    if (crc32(payload) !== checksum) return { payloads, validBytes: offset, damage: 'a record fails its checksum' }
    payloads.push(payload)
    offset = start + length
  }
  return { payloads, validBytes: offset }
}
