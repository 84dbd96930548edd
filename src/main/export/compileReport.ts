import { exportFileName, type Paper } from '../../shared/export/exportFormat.js'
import { commonNetwork } from '../../shared/export/report.js'
import type { ReportProgress } from '../../shared/ipc/contract.js'
import type { Library } from '../library/library.js'
import type { Standing } from '../sync/SavedRecord.js'
import { exportStylesheet } from './exportStylesheet.js'
import { networkStandings } from './networkStandings.js'
import type { Printer } from './Printer.js'
import { readChapters } from './readChapters.js'
import { reportToDocx } from './reportToDocx.js'
import { reportToPdf } from './reportToPdf.js'

export interface ReportRequest {
  title: string
  ids: string[]
  format: 'pdf' | 'docx'
  paper: Paper
}

/**
 * A report of the library's documents, as the app asks for one: a file to save, named after its
 * title; each step told to `onProgress`. Null once `signal` is aborted (the user cancelled): nothing
 * more is read or printed, and no file is made.
 */
export async function compileReport(
  library: Library,
  { title, ids, format, paper }: ReportRequest,
  {
    printer,
    standingOf,
    signal,
    onProgress,
  }: { printer: Printer; standingOf: (network: string) => Standing | null; signal: AbortSignal; onProgress: (progress: ReportProgress) => void },
): Promise<{ name: string; bytes: Uint8Array } | null> {
  const total = ids.length
  try {
    onProgress({ step: 'reading', done: 0, total })
    const chapters = await readChapters(library, ids, { signal, onRead: (done) => onProgress({ step: 'reading', done, total }) })
    const network = commonNetwork(chapters)
    const report = {
      title,
      ...(network ? { network } : {}),
      compiledAt: new Date().toISOString(),
      chapters,
      standings: networkStandings(ids, chapters, standingOf),
    }
    let bytes: Uint8Array
    if (format === 'docx') {
      onProgress({ step: 'writing', done: total, total })
      bytes = await reportToDocx(report)
    } else {
      const onStep = (step: 'printing' | 'numbering') => onProgress({ step, done: total, total })
      bytes = await reportToPdf(printer, report, await exportStylesheet(), paper, { signal, onStep })
    }
    signal.throwIfAborted()
    return { name: exportFileName(title, format), bytes }
  } catch (error) {
    if (signal.aborted) return null
    throw error
  }
}
