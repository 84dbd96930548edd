import { escapeHtml } from '../../shared/export/escapeHtml.js'

/**
 * The footer template Chromium prints on each page of a PDF: the title, and the page's number of the
 * pages' count ("3 / 12", which reads alike in every language). Chromium fills the pageNumber and
 * totalPages spans.
 */
export function pdfFooter(title: string): string {
  return `<div style="width:100%;margin:0 18mm;display:flex;justify-content:space-between;font:8pt system-ui,sans-serif;color:#5b6770">
<span>${escapeHtml(title)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
}
