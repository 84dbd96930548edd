import type { ExportFormat, Paper } from '../../shared/export/exportFormat.js'
import type { Key } from '../i18n/keys.js'

/** A format a person chooses a file in, with the paper it is laid out for and its name in the catalog. */
interface Choice {
  format: ExportFormat
  paper: Paper
  label: Key
}

const WORD = { format: 'docx', paper: 'a4', label: 'export.docx' } as const satisfies Choice
const PDF_A4 = { format: 'pdf', paper: 'a4', label: 'export.pdfA4' } as const satisfies Choice
const PDF_LETTER = { format: 'pdf', paper: 'letter', label: 'export.pdfLetter' } as const satisfies Choice
const HTML = { format: 'html', paper: 'a4', label: 'export.html' } as const satisfies Choice
const MARKDOWN = { format: 'md', paper: 'a4', label: 'export.md' } as const satisfies Choice

/** The editor's Export menu: every format. */
export const EXPORT_CHOICES = [WORD, PDF_A4, PDF_LETTER, HTML, MARKDOWN] as const
export type ExportChoice = (typeof EXPORT_CHOICES)[number]

/** The report builder's: the PDFs, the first chosen unless the user says otherwise, and Word. */
export const REPORT_CHOICES = [PDF_A4, PDF_LETTER, WORD] as const
export type ReportChoice = (typeof REPORT_CHOICES)[number]
