import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'

/** What a PDF's properties say besides its title (which Chromium writes from the page's). */
export interface PdfProperties {
  authors: string[]
  topics: string[]
  /** The kind of document: "Case study", "Report"… */
  subject: string
  language: string
}

/**
 * A PDF Chromium printed, finished: the authors, kind, topics and language in its properties
 * (Chromium writes only the title, from the page's), and the outline's titles as the headings read
 * (Chromium drops the space where a heading's line wraps: "bike lanes" across two lines becomes
 * "bikelanes"). The rest of the file, its tags among it, is written again as it was.
 */
export async function finishedPdf(printed: Uint8Array, { authors, topics, subject, language }: PdfProperties, headings: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(printed, { updateMetadata: false })
  if (authors.length) pdf.setAuthor(authors.join(', '))
  if (topics.length) pdf.setKeywords([topics.join(', ')])
  pdf.setSubject(subject)
  pdf.setLanguage(language)
  pdf.setCreator('Casebook')
  mendOutlineTitles(pdf, headings)
  return pdf.save({ useObjectStreams: false })
}

/** Each outline entry whose title is one of the headings but for white space, titled as that heading. */
function mendOutlineTitles(pdf: PDFDocument, headings: string[]): void {
  const byLetters = new Map(headings.map((heading) => [lettersOf(heading), heading]))
  const visit = (entry: PDFDict | undefined) => {
    for (let item = entry; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)
      const heading = title && byLetters.get(lettersOf(title.decodeText()))
      if (heading) item.set(PDFName.of('Title'), PDFHexString.fromText(heading))
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  visit(pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict))
}

function lettersOf(text: string): string {
  return text.replace(/\s+/g, '')
}
