import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  name: string
  data: Buffer
  /** The unpacked size the headers state: the real one unless a test makes them lie. */
  statedSize?: number
}

/** A zip file written byte by byte, so that a test can make one that no zip library would write. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const packed = deflateRawSync(entry.data, { level: 9 })
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at) // version needed
      header.writeUInt16LE(8, at + 4) // deflated
      header.writeUInt32LE(crc32(entry.data), at + 10)
      header.writeUInt32LE(packed.length, at + 14)
      header.writeUInt32LE(entry.statedSize ?? entry.data.length, at + 18)
      header.writeUInt16LE(name.length, at + 22)
    }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    fields(local, 4)
    const entryHeader = Buffer.alloc(46)
    entryHeader.writeUInt32LE(0x02014b50, 0)
    entryHeader.writeUInt16LE(20, 4) // version made by
    fields(entryHeader, 6)
    entryHeader.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    central.push(entryHeader, name)
    offset += local.length + name.length + packed.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const WORD = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

/** The smallest Word file mammoth reads: its body is `paragraphs` paragraphs of one word each. */
export function wordZip(paragraphs: number, options: { statedSize?: number } = {}): Buffer {
  const body = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${WORD}"><w:body>${'<w:p><w:r><w:t>flood</w:t></w:r></w:p>'.repeat(paragraphs)}</w:body></w:document>`
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    { name: 'word/document.xml', data: Buffer.from(body), ...options },
  ])
}
