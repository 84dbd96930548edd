import { BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { documentDetails } from '../../shared/export/documentDetails.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { CELL_MARGINS, TABLE_BORDERS, TEXT_WIDTH } from './docxStyles.js'

const LABEL_WIDTH = 2000
const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' }

/** The table of a document's details (documentDetails) that opens its Word export, and each chapter of a report's. */
export function docxDetailsTable(meta: DocumentMeta): Table {
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
