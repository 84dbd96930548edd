import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import { pdfFooter } from '../export/pdfFooter.js'
import type { Printer } from '../export/Printer.js'

/**
 * The desktop app's printer: Electron's own Chromium, so the app needs no other browser. Each HTML
 * export is written to a temporary file (Electron refuses data: URLs over 2 MB) and loaded in a
 * hidden, sandboxed window that runs no script and has no preload, then printed with printToPDF as
 * ChromiumPrinter prints: tagged, with an outline, the page's own size and margins, and the footer.
 * One print at a time, in one window kept for the next.
 */
export class ElectronPrinter implements Printer {
  private window: BrowserWindow | null = null
  private previous: Promise<unknown> = Promise.resolve()

  print(html: string, title: string): Promise<Uint8Array> {
    const printed = this.previous.then(async () => {
      const folder = await mkdtemp(join(tmpdir(), 'casebook-print-'))
      try {
        const file = join(folder, 'export.html')
        await writeFile(file, html, { mode: 0o600 })
        this.window ??= new BrowserWindow({
          show: false,
          webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
        })
        await this.window.loadFile(file)
        return await this.window.webContents.printToPDF({
          preferCSSPageSize: true,
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          printBackground: true,
          generateTaggedPDF: true,
          generateDocumentOutline: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: pdfFooter(title),
        })
      } finally {
        await rm(folder, { recursive: true, force: true })
      }
    })
    this.previous = printed.catch(() => {})
    return printed
  }

  async close(): Promise<void> {
    if (this.window && !this.window.isDestroyed()) this.window.destroy()
    this.window = null
  }
}
