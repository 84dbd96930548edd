import { inflateRawSync } from 'node:zlib'
import { CasebookError } from '../../shared/errors.js'

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const STORED = 0
const DEFLATED = 8

/**
 * Refuses a Word file any part of which unpacks to more than `maxPartBytes`, before anything reads
 * it: a few kilobytes of zip can unpack to gigabytes of XML, which mammoth would hold in memory
 * several times over. The sizes come from the zip's central directory, where mammoth's jszip finds
 * them too; as a header may lie, each part is then unpacked once with its stated size as the most it
 * may give, so a part that gives more is refused as well.
 */
export function checkDocxParts(data: Buffer, maxPartBytes: number): void {
  for (const part of zipParts(data)) {
    if (part.size > maxPartBytes) {
      throw new CasebookError(
        'INVALID_FILE',
        `Its part ${part.name} unpacks to ${megabytes(part.size)}, more than the ${megabytes(maxPartBytes)} a part may hold.`,
        { reason: 'partTooLarge', params: { part: part.name, size: Math.ceil(part.size / 2 ** 20), limit: Math.ceil(maxPartBytes / 2 ** 20) } },
      )
    }
    if (unpackedSize(data, part) !== part.size)
      throw new CasebookError('INVALID_FILE', `Its part ${part.name} does not unpack to the size its zip header states.`, {
        reason: 'partSize',
        params: { part: part.name },
      })
  }
}

interface ZipPart {
  name: string
  method: number
  packedSize: number
  size: number
  localHeader: number
}

/** The parts listed in the central directory; a file without a readable one is left to mammoth to refuse. */
function zipParts(data: Buffer): ZipPart[] {
  const end = data.lastIndexOf(uint32(END_OF_CENTRAL_DIRECTORY))
  if (end === -1 || end + 22 > data.length) return []
  const count = data.readUInt16LE(end + 10)
  let offset = data.readUInt32LE(end + 16)
  const parts: ZipPart[] = []
  for (let index = 0; index < count; index++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw unreadable()
    const nameLength = data.readUInt16LE(offset + 28)
    parts.push({
      name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: data.readUInt16LE(offset + 10),
      packedSize: data.readUInt32LE(offset + 20),
      // 0xffffffff means "see the zip64 record": 4 GB or more, far past any limit.
      size: data.readUInt32LE(offset + 24),
      localHeader: data.readUInt32LE(offset + 42),
    })
    offset += 46 + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32)
  }
  return parts
}

/** How much the part really unpacks to, up to one byte past its stated size. */
function unpackedSize(data: Buffer, part: ZipPart): number {
  const header = part.localHeader
  if (header + 30 > data.length || data.readUInt32LE(header) !== LOCAL_HEADER) throw unreadable()
  const start = header + 30 + data.readUInt16LE(header + 26) + data.readUInt16LE(header + 28)
  const packed = data.subarray(start, start + part.packedSize)
  if (part.method === STORED) return packed.length
  if (part.method !== DEFLATED) throw unreadable()
  try {
    return inflateRawSync(packed, { maxOutputLength: part.size + 1 }).length
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return part.size + 1
    throw unreadable(error)
  }
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32LE(value)
  return bytes
}

function unreadable(cause?: unknown): CasebookError {
  return new CasebookError('INVALID_FILE', 'It is not a readable Word document (.docx).', { cause, reason: 'notDocx' })
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20)} MB`
}
