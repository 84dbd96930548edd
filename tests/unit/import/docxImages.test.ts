import type { JSONContent } from '@tiptap/core'
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { docxToContent } from '../../../src/main/import/docxToContent.js'
import { sha256 } from '../../../src/main/library/blobStore.js'
import { warningText } from '../../../src/renderer/i18n/warningText.js'
import { newDocumentState } from '../../../src/shared/model/documentBody.js'
import { englishT } from '../../helpers/englishT.js'
import { jpegImage, pngImage, SCRIPTED_SVG } from '../../helpers/images.js'

const CHART = pngImage(64, 48, 3)
const PHOTO = jpegImage(40, 30, 4)
/** The start of an EMF file (Windows' metafiles, which Word files often hold): its header record, " EMF" at byte 40. */
const EMF = Buffer.concat([Buffer.from([1, 0, 0, 0, 108, 0, 0, 0]), Buffer.alloc(32), Buffer.from(' EMF'), Buffer.alloc(64)])

/** A Word picture: the docx package writes `description` as the picture's alt text, which mammoth reads. */
function picture(data: Uint8Array, description?: string): ImageRun {
  return new ImageRun({ type: 'png', data, transformation: { width: 64, height: 48 }, altText: { name: 'Picture', ...(description ? { description } : {}) } })
}

function images(body: JSONContent): unknown[] {
  const found: unknown[] = []
  const visit = (node: JSONContent) => {
    if (node.type === 'image') found.push(node.attrs)
    node.content?.forEach(visit)
  }
  visit(body)
  return found
}

describe('Word images', () => {
  it('are kept, each where it stood, with their alt text, and stored once by hash', async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({ children: [new TextRun('Ridership grew '), picture(CHART, 'Daily trips, 2016 to 2024'), new TextRun(' every year.')] }),
              new Paragraph({ children: [picture(PHOTO, 'The station at dawn')] }),
              new Paragraph({ text: 'Again, in a table:' }),
              new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph({ children: [picture(CHART)] })] })] })] }),
            ],
          },
        ],
      }),
    )
    const converted = await docxToContent(docx)
    const chart = { blob: sha256(CHART), type: 'png', width: 64, height: 48, caption: '' }
    expect(converted.body.content?.map((node) => (node.type === 'image' ? node.attrs : node.type))).toEqual([
      'paragraph',
      { ...chart, alt: 'Daily trips, 2016 to 2024' },
      'paragraph',
      { blob: sha256(PHOTO), type: 'jpeg', width: 40, height: 30, alt: 'The station at dawn', caption: '' },
      'paragraph',
      'table',
    ])
    expect(converted.body.content?.[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Ridership grew' }] })
    expect(converted.body.content?.[2]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'every year.' }] })
    expect(images(converted.body.content?.[5] ?? {})).toEqual([{ ...chart, alt: '' }])
    expect(converted.images.map(({ hash, bytes }) => [hash, bytes.length])).toEqual([
      [sha256(CHART), CHART.length],
      [sha256(PHOTO), PHOTO.length],
    ])
    expect(converted.warnings).toEqual([])
    // The schema takes the body as it is.
    expect(() => newDocumentState({ kind: 'case-study', title: 'T' }, converted.body)).not.toThrow()
  })

  it('leaves out SVG, EMF and whatever else is not an image Casebook keeps, saying how many', async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          { children: [new Paragraph({ children: [new TextRun('A logo '), picture(SCRIPTED_SVG, 'Logo'), picture(EMF, 'Map'), picture(CHART, 'Chart')] })] },
        ],
      }),
    )
    const converted = await docxToContent(docx)
    expect(images(converted.body)).toEqual([{ blob: sha256(CHART), type: 'png', width: 64, height: 48, alt: 'Chart', caption: '' }])
    expect(converted.images.map(({ hash }) => hash)).toEqual([sha256(CHART)])
    expect(converted.warnings).toEqual([
      {
        code: 'imagesLeftOut',
        params: { count: 2 },
        message: '2 images were left out: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels (not SVG, EMF or WMF).',
      },
    ])
    expect(warningText(await englishT(), converted.warnings[0] as never)).toBe(converted.warnings[0]?.message)
  })
})
