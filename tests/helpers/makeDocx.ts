import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'

/** A real Word document with a title, sections, formatting, a link, nested and numbered lists and a table. */
export function makeDocx(): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] })
  const doc = new Document({
    numbering: { config: [{ reference: 'steps', levels: [{ level: 0, format: 'decimal', text: '%1.' }] }] },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Flood-proofing Jakarta’s kampungs', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              new TextRun('Residents raised '),
              new TextRun({ text: '1,200 homes', bold: true }),
              new TextRun(' above flood level; see the '),
              new ExternalHyperlink({ link: 'https://example.org/kampung', children: [new TextRun('programme page')] }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'What was done', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Community mapping', bullet: { level: 0 } }),
          new Paragraph({ text: 'drone surveys', bullet: { level: 1 } }),
          new Paragraph({ text: 'Raised floors', bullet: { level: 0 } }),
          new Paragraph({ text: 'Agree the budget', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Build with local crews', numbering: { reference: 'steps', level: 0 } }),
          new Table({ rows: [new TableRow({ children: [cell('Year'), cell('Homes')] }), new TableRow({ children: [cell('2024'), cell('1,200')] })] }),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
