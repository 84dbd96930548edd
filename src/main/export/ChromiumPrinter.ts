import type { Browser, Page } from 'playwright-core'
import { CasebookError } from '../../shared/errors.js'
import { findChromium } from './findChromium.js'
import { pdfFooter } from './pdfFooter.js'
import type { Printer } from './Printer.js'

/**
 * Chromium, started once, printing Casebook's HTML exports to PDF: tagged (so that screen readers
 * read it), with an outline of its headings, working links, and each page's number and the count of
 * pages in the footer. It prints in one page, kept open between prints, one print at a time: opening
 * a page (starting its renderer) took 0.4–0.6 s of a one-page PDF's 0.85 s. The page runs no scripts
 * and reaches no network: an export has no need of either.
 */
export class ChromiumPrinter implements Printer {
  /** The print before the next, which waits for it (settled either way). */
  private previous: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(): Promise<ChromiumPrinter> {
    const executablePath = findChromium()
    if (!executablePath) {
      const sentence =
        'A PDF is printed by Chromium or Google Chrome, and neither was found: install one (or set CHROMIUM_PATH to it), or export as DOCX or HTML instead.'
      throw new CasebookError('PDF_UNAVAILABLE', sentence, { reason: 'noChromium' })
    }
    // Loaded here, not with the module: only a PDF needs Playwright.
    const { chromium } = await import('playwright-core')
    // Without these, Chromium tries to reach Google's hosts, which a closed network refuses slowly.
    const args = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    let browser: Browser | undefined
    try {
      browser = await chromium.launch({ executablePath, args })
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
      return new ChromiumPrinter(browser, await context.newPage())
    } catch (error) {
      await browser?.close().catch(() => {})
      const sentence = `Chromium (${executablePath}) could not start, so no PDF was made: export as DOCX or HTML instead.`
      throw new CasebookError('PDF_UNAVAILABLE', sentence, { cause: error, reason: 'failed', params: { path: executablePath } })
    }
  }

  print(html: string, title: string): Promise<Buffer> {
    const printed = this.previous.then(async () => {
      await this.page.setContent(html, { waitUntil: 'load' })
      return this.page.pdf({
        // The page's own @page rules set its size (an export's paper) and its margins, in which the footer sits.
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: pdfFooter(title),
      })
    })
    this.previous = printed.catch(() => {})
    return printed
  }

  close(): Promise<void> {
    return this.browser.close()
  }
}
