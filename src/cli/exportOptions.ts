import { extname } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import { type ExportFormat, PAPERS, type Paper } from '../shared/export/exportFormat.js'

/** The paper of `--paper`: A4 unless given. */
export function paperOption(given: string | undefined): Paper {
  const paper = (given ?? 'a4').toLowerCase()
  if (!(PAPERS as readonly string[]).includes(paper)) throw new CasebookError('USAGE', `--paper must be a4 or letter, not "${given}".`)
  return paper as Paper
}

/** The format of `--format`, or else of the `--out` file's extension, among those the command writes. */
export function formatOption<F extends ExportFormat>(given: string | undefined, out: string | undefined, formats: readonly F[]): F {
  const format = (given ?? (out ? extname(out).slice(1) : undefined))
    ?.toLowerCase()
    .replace(/^markdown$/, 'md')
    .replace(/^htm$/, 'html')
  const choices = `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}`
  if (!format) throw new CasebookError('USAGE', `Say which format to write with --format ${choices}.`)
  if (!(formats as readonly string[]).includes(format))
    throw new CasebookError('USAGE', `Casebook can write ${choices}, not "${format}"; choose one with --format.`)
  return format as F
}
