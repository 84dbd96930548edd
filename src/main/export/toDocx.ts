import type { JSONContent } from '@tiptap/core'
import { BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { documentDetails } from '../../shared/export/documentDetails.js'
import { KINDS } from '../../shared/model/kinds.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { docxBlocks } from './docxBlocks.js'
import { DocxNumbering } from './DocxNumbering.js'
import { CELL_MARGINS, DOCX_STYLES, TABLE_BORDERS, TEXT_WIDTH } from './docxStyles.js'

const LABEL_WIDTH = 2000
const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' }

/**
 * A document as a Word file: its title in Word's Title style, a table of its details, then its body.
 * Its properties name the title, the authors and the topics (as keywords), and keep the meta fields
 * Word has no property for, so that a Word file Casebook wrote imports back with them.
 */
export async function toDocx(meta: DocumentMeta, body: JSONContent): Promise<Buffer> {
  const numbering = new DocxNumbering()
  const content = docxBlocks(body, numbering)
  const document = new Document({
    title: meta.title,
    subject: KINDS[meta.kind].label,
    // Empty rather than left out, which the package would fill with its placeholder, "Un-named".
    creator: meta.authors.join('; '),
    lastModifiedBy: 'Casebook',
    ...(meta.topics.length > 0 && { keywords: meta.topics.join('; ') }),
    customProperties: Object.entries({ kind: meta.kind, network: meta.network, city: meta.city, country: meta.country, language: meta.language })
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => ({ name: `casebook:${name}`, value })),
    styles: DOCX_STYLES,
    numbering: numbering.options(),
    sections: [
      {
        children: [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(meta.title)] }), detailsTable(meta), new Paragraph({}), ...content],
      },
    ],
  })
  return Packer.toBuffer(document)
}

function detailsTable(meta: DocumentMeta): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
    borders: { ...TABLE_BORDERS, left: NONE, right: NONE, insideVertical: NONE },
    margins: CELL_MARGINS,
    rows: documentDetails(meta).map(
      ({ label, value }) =>
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph({ style: 'DetailLabel', children: [new TextRun(label)] })] }),
            new TableCell({ children: [new Paragraph({ style: 'DetailValue', children: [new TextRun(value)] })] }),
          ],
        }),
    ),
  })
}
