import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib'

/**
 * The page (counted from 1) each top-level entry of a PDF's outline leads to, in the outline's
 * order; null for an entry whose destination is not a page of this file. Chromium writes each
 * entry's destination as an explicit array whose first element is the page.
 */
export async function outlinePages(bytes: Uint8Array): Promise<(number | null)[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false })
  const pageNumbers = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index + 1]))
  const pages: (number | null)[] = []
  let entry = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict)
  for (; entry; entry = entry.lookupMaybe(PDFName.of('Next'), PDFDict)) {
    const destination = entry.lookupMaybe(PDFName.of('Dest'), PDFArray) ?? entry.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('D'), PDFArray)
    const page = destination?.get(0)
    pages.push(page instanceof PDFRef ? (pageNumbers.get(page.toString()) ?? null) : null)
  }
  return pages
}
