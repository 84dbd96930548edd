import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { jpegImage } from './images.js'

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

/**
 * A Word report of about `bytes` bytes (packed), made the way such files are: sections of a heading,
 * prose with bold text and a link, a nested list, a numbered step and a small table, each with a
 * photo of its own, which takes most of the bytes (a 15 KB JPEG of noise, which does not compress).
 */
export async function largeDocx(bytes: number): Promise<Buffer> {
  // The packed size grows with the sections in step, above what every file holds: measure both.
  const [small, large] = [(await reportDocx(10)).length, (await reportDocx(20)).length]
  const perSection = (large - small) / 10
  return reportDocx(Math.max(1, Math.round((bytes - (small - 10 * perSection)) / perSection)))
}

function reportDocx(sections: number): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] })
  const children = []
  for (let index = 1; index <= sections; index++) {
    children.push(
      new Paragraph({ text: `Kampung ${index}: raising homes above the floods`, heading: HeadingLevel.HEADING_2 }),
      new Paragraph({
        children: [
          new TextRun(`In ${2000 + (index % 25)}, the residents of kampung ${index} raised `),
          new TextRun({ text: `${(index * 37) % 1000} homes`, bold: true }),
          new TextRun(' above flood level with the city, mapping every alley by drone and agreeing each budget line in open meetings; see the '),
          new ExternalHyperlink({ link: `https://example.org/kampung/${index}`, children: [new TextRun('programme page')] }),
          new TextRun('.'),
        ],
      }),
      new Paragraph({ children: [new ImageRun({ type: 'jpg', data: jpegImage(80, 60, index, 100), transformation: { width: 400, height: 300 } })] }),
      new Paragraph({ text: `Community mapping in district ${index % 40}`, bullet: { level: 0 } }),
      new Paragraph({ text: 'drone surveys', bullet: { level: 1 } }),
      new Paragraph({ text: `Agree budget ${index}`, numbering: { reference: 'steps', level: 0 } }),
      new Table({
        rows: [
          new TableRow({ children: [cell('Year'), cell('Homes')] }),
          new TableRow({ children: [cell(String(2000 + (index % 25))), cell(String(index * 7))] }),
        ],
      }),
    )
  }
  const doc = new Document({
    numbering: { config: [{ reference: 'steps', levels: [{ level: 0, format: 'decimal', text: '%1.' }] }] },
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}
