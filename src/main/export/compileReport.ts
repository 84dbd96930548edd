import type { Paper, ReportFormat } from '../../shared/export/exportFormat.js'
import { commonNetwork } from '../../shared/export/report.js'
import type { ReportProgress } from '../../shared/ipc/contract.js'
import type { Library } from '../library/library.js'
import type { Standing } from '../sync/SavedRecord.js'
import { exportStylesheet } from './exportStylesheet.js'
import { networkStandings } from './networkStandings.js'
import type { Printer } from './Printer.js'
import { readChapters } from './readChapters.js'
import type { Reviewed } from './reviewed.js'
import { reportToDocx } from './reportToDocx.js'
import { reportToPdf } from './reportToPdf.js'

export interface ReportRequest {
  title: string
  ids: string[]
  format: ReportFormat
  paper: Paper
}

/**
 * A report of the library's documents, as a PDF or Word file, each step told to `onProgress`. Once
 * `signal` is aborted (the user cancelled) it throws the signal's reason at once: nothing more is read
 * or printed.
 */
export async function compileReport(
  library: Library,
  { title, ids, format, paper }: ReportRequest,
  {
    printer,
    standingOf,
    reviewed,
    signal,
    onProgress = () => {},
  }: {
    printer: Printer
    standingOf: (network: string) => Standing | null
    /** A network document's status, and the version published, which the report holds rather than the text as it is now. */
    reviewed?: (id: string) => Reviewed | undefined
    signal?: AbortSignal
    onProgress?: (progress: ReportProgress) => void
  },
): Promise<Uint8Array> {
  const total = ids.length
  onProgress({ step: 'reading', done: 0, total })
  const chapters = await readChapters(library, ids, {
    ...(signal ? { signal } : {}),
    ...(reviewed ? { reviewed } : {}),
    onRead: (done) => onProgress({ step: 'reading', done, total }),
  })
  const network = commonNetwork(chapters)
  const report = {
    title,
    ...(network ? { network } : {}),
    compiledAt: new Date().toISOString(),
    chapters,
    standings: networkStandings(ids, chapters, standingOf),
  }
  if (format === 'docx') {
    onProgress({ step: 'writing', done: total, total })
    const bytes = await reportToDocx(report)
    signal?.throwIfAborted()
    return bytes
  }
  const onStep = (step: 'printing' | 'numbering') => onProgress({ step, done: total, total })
  return reportToPdf(printer, report, await exportStylesheet(), paper, { ...(signal ? { signal } : {}), onStep })
}
