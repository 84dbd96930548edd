import { describe, expect, it } from 'vitest'
import { checkDocxParts } from '../../../src/main/import/checkDocxParts.js'
import { makeDocx } from '../../helpers/makeDocx.js'
import { wordZip } from '../../helpers/zip.js'

const MB = 1 << 20

describe('checkDocxParts', () => {
  it('passes Word files whose parts are all within the limit, as the docx package and our zip writer write them', async () => {
    const docx = await makeDocx()
    expect(() => checkDocxParts(docx, MB)).not.toThrow()
    expect(() => checkDocxParts(wordZip(10), MB)).not.toThrow()
  })

  it('names the part that unpacks past the limit', () => {
    expect(() => checkDocxParts(wordZip(100_000), MB)).toThrow('Its part word/document.xml unpacks to 4 MB, more than the 1 MB a part may hold.')
  })

  it('refuses a part whose header points to the zip64 record (4 GB or more) without unpacking it', () => {
    expect(() => checkDocxParts(wordZip(10, { statedSize: 0xffffffff }), 50 * MB)).toThrow(
      'Its part word/document.xml unpacks to 4096 MB, more than the 50 MB a part may hold.',
    )
  })

  it('refuses a part that unpacks to more, or less, than its header states', () => {
    expect(() => checkDocxParts(wordZip(1000, { statedSize: 100 }), MB)).toThrow(
      'Its part word/document.xml does not unpack to the size its zip header states.',
    )
    expect(() => checkDocxParts(wordZip(1000, { statedSize: 500_000 }), MB)).toThrow(
      'Its part word/document.xml does not unpack to the size its zip header states.',
    )
  })

  it('leaves a file that is no zip at all to mammoth, which says it is not a Word document', () => {
    expect(() => checkDocxParts(Buffer.from('this is not a zip file'), MB)).not.toThrow()
  })
})
