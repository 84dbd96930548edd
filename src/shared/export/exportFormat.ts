/** What a document may be exported as: Markdown, a standalone HTML page, a Word file, a PDF. */
export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What a report of several documents may be compiled as. */
export const REPORT_FORMATS = ['pdf', 'docx'] as const satisfies readonly ExportFormat[]
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** What each format's file is, for whoever saves it. */
export const EXPORT_MIME_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown',
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
}

/** The paper an export is laid out for when printed: most of the world's, or North America's. */
export const PAPERS = ['a4', 'letter'] as const
export type Paper = (typeof PAPERS)[number]

/** Characters that Windows, macOS or Linux refuse in a file's name, and control characters. */
const UNSAFE = /[<>:"/\\|?*\p{Cc}]+/gu

/**
 * The name an export is offered under: the document's title, less what a file system refuses,
 * shortened to leave room for the extension, and never empty ("document").
 */
export function exportFileName(title: string, format: ExportFormat): string {
  const name = [
    ...title
      .replace(UNSAFE, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\.+|\.+$/g, ''),
  ]
    .slice(0, 120)
    .join('')
    .trim()
  return `${name || 'document'}.${format}`
}
