import type { JSONContent } from '@tiptap/core'
import { HeadingLevel, type ISectionOptions, Paragraph, TextRun } from 'docx'
import type { ReportGlance } from '../../shared/export/report.js'
import { GLANCE_TITLE } from '../../shared/export/reportHtml.js'
import { docxBlocks } from './docxBlocks.js'
import type { DocxNumbering } from './DocxNumbering.js'

/**
 * A report's opening page of a network's figures, in a Word file: each chart as its table of figures,
 * under the chart's title. Word has no SVG of its own, and a picture of a chart would say less to a
 * screen reader and an editor than its figures do; the PDF draws the charts.
 */
export function docxGlance({ network, summary, charts }: ReportGlance, numbering: DocxNumbering): ISectionOptions {
  return {
    children: [
      new Paragraph({ style: 'CoverNetwork', children: [new TextRun(network)] }),
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(GLANCE_TITLE)] }),
      new Paragraph({ style: 'CoverDate', children: [new TextRun(summary)] }),
      ...charts.flatMap(({ title, table }) => [
        new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(title)] }),
        // As a body's table, so that it looks as a document's tables do (a header row, shaded, repeated on each page).
        ...docxBlocks({ type: 'doc', content: [tableNode(table.headers, table.rows)] }, numbering),
      ]),
    ],
  }
}

function tableNode(headers: string[], rows: string[][]): JSONContent {
  const cell = (type: 'tableHeader' | 'tableCell', text: string): JSONContent => ({
    type,
    content: [{ type: 'paragraph', ...(text ? { content: [{ type: 'text', text }] } : {}) }],
  })
  return {
    type: 'table',
    content: [
      { type: 'tableRow', content: headers.map((header) => cell('tableHeader', header)) },
      ...rows.map((row) => ({ type: 'tableRow', content: row.map((value) => cell('tableCell', value)) })),
    ],
  }
}
