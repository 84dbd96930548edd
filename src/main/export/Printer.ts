/** What prints an HTML export to PDF: Chromium through Playwright (ChromiumPrinter), or Electron's own. */
export interface Printer {
  /** A page of HTML as a PDF, on the paper its @page rule names, the title in each page's footer (pdfFooter). */
  print(html: string, title: string): Promise<Uint8Array>
  close(): Promise<void>
}
