import { Document, Header, HeadingLevel, InternalHyperlink, type ISectionOptions, Packer, Paragraph, SectionType, Tab, TabStopType, TextRun } from 'docx'
import { EXPORT_DATE } from '../../shared/export/documentDetails.js'
import { chapterBody, type Report, reportAuthors, reportCities, reportTopics, standingText } from '../../shared/export/report.js'
import { docxBlocks } from './docxBlocks.js'
import { DocxBookmark } from './DocxBookmark.js'
import { docxDetailsTable } from './docxDetailsTable.js'
import { docxGlance } from './docxGlance.js'
import { DocxNumbering } from './DocxNumbering.js'
import { DOCX_STYLES, TEXT_WIDTH } from './docxStyles.js'
import type { WordImage } from './wordImages.js'

/** The bookmark on a chapter's title: what the contents link to. */
const chapterBookmark = (index: number) => `chapter_${index + 1}`

/**
 * A report as a Word file: a network at a glance if asked (docxGlance), a cover (network, title,
 * date, the cities), the contents, then one section per document, each opening on a new page under
 * a running header of the report's and the chapter's titles. The contents are links to bookmarks on the chapters' titles, not a TOC field,
 * which LibreOffice shows as its code until updated, and Word as empty; the chapters' titles are
 * Heading 1, their sections Heading 2, so Word's navigation pane lists both.
 */
export async function reportToDocx(report: Report, images: ReadonlyMap<string, WordImage> = new Map()): Promise<Buffer> {
  const numbering = new DocxNumbering()
  const cities = reportCities(report)
  const cover: ISectionOptions = {
    ...(report.glance ? { properties: { type: SectionType.NEXT_PAGE } } : {}),
    children: [
      ...(report.network ? [new Paragraph({ style: 'CoverNetwork', children: [new TextRun(report.network)] })] : []),
      new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(report.title)] }),
      new Paragraph({ style: 'CoverDate', children: [new TextRun(EXPORT_DATE.format(new Date(report.compiledAt)))] }),
      ...report.standings.flatMap((standing) => {
        const { asOfLine, unsavedLine } = standingText(standing)
        return [
          new Paragraph({ style: 'CoverStanding', children: [new TextRun(asOfLine)] }),
          ...(unsavedLine ? [new Paragraph({ style: 'CoverStanding', children: [new TextRun(unsavedLine)] })] : []),
          ...standing.unsaved.map((title) => new Paragraph({ numbering: { reference: numbering.bulletList, level: 0 }, children: [new TextRun(title)] })),
        ]
      }),
      ...(cities.length
        ? [
            new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('Cities')] }),
            ...cities.map((city) => new Paragraph({ numbering: { reference: numbering.bulletList, level: 0 }, children: [new TextRun(city)] })),
          ]
        : []),
    ],
  }
  const contents: ISectionOptions = {
    properties: { type: SectionType.NEXT_PAGE },
    children: [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Contents')] }),
      ...report.chapters.map(
        ({ meta }, index) =>
          new Paragraph({
            children: [new InternalHyperlink({ anchor: chapterBookmark(index), children: [new TextRun({ text: meta.title, style: 'Hyperlink' })] })],
          }),
      ),
    ],
  }
  const chapters = report.chapters.map(
    ({ meta, body }, index): ISectionOptions => ({
      properties: { type: SectionType.NEXT_PAGE },
      headers: {
        default: new Header({
          children: [
            new Paragraph({
              style: 'Header',
              tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
              children: [new TextRun(report.title), new TextRun({ children: [new Tab(), meta.title] })],
            }),
          ],
        }),
      },
      children: [
        new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new DocxBookmark(chapterBookmark(index), index + 1, [new TextRun(meta.title)])] }),
        docxDetailsTable(meta),
        new Paragraph({}),
        ...docxBlocks(chapterBody(body), numbering, images),
      ],
    }),
  )
  const document = new Document({
    title: report.title,
    subject: 'Report',
    creator: reportAuthors(report).join('; '),
    lastModifiedBy: 'Casebook',
    keywords: reportTopics(report).join('; '),
    styles: DOCX_STYLES,
    numbering: numbering.options(),
    sections: [...(report.glance ? [docxGlance(report.glance, numbering)] : []), cover, contents, ...chapters],
  })
  return Packer.toBuffer(document)
}
