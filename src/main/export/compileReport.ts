import type { Paper, ReportFormat } from '../../shared/export/exportFormat.js'
import { commonNetwork, type ReportGlance } from '../../shared/export/report.js'
import { CasebookError } from '../../shared/errors.js'
import type { NetworkStats } from '../../shared/model/networkStats.js'
import type { ReportProgress } from '../../shared/ipc/contract.js'
import type { Library } from '../library/library.js'
import type { Standing } from '../sync/SavedRecord.js'
import { dataUris, documentImages } from './documentImages.js'
import { exportStylesheet } from './exportStylesheet.js'
import { networkStandings } from './networkStandings.js'
import type { Printer } from './Printer.js'
import { readChapters } from './readChapters.js'
import type { Reviewed } from './reviewed.js'
import { reportToDocx } from './reportToDocx.js'
import { reportToPdf } from './reportToPdf.js'
import { wordImages } from './wordImages.js'

export interface ReportRequest {
  title: string
  ids: string[]
  format: ReportFormat
  paper: Paper
  /** The network whose figures open the report ("Network at a glance"), if asked. */
  atAGlance?: string
}

/**
 * A report of the library's documents, as a PDF or Word file, their images in it, each step told to `onProgress`; opened,
 * if asked, by a page of a network's figures and charts. Once `signal` is aborted (the user
 * cancelled) it throws the signal's reason at once: nothing more is read or printed.
 */
export async function compileReport(
  library: Library,
  { title, ids, format, paper, atAGlance }: ReportRequest,
  {
    printer,
    standingOf,
    networkName = (network) => network,
    statsOf,
    reviewed,
    signal,
    onProgress = () => {},
    onMissingImages,
  }: {
    printer: Printer
    standingOf: (network: string) => Standing | null
    /** How a network is shown: its display name where this device knows one (docs/PROTOCOL.md). */
    networkName?: (network: string) => string
    /** A network's figures, as its dashboard shows them: what a report asked to open with them needs. */
    statsOf?: (network: string) => Promise<NetworkStats>
    /** A network document's status, and the version published, which the report holds rather than the text as it is now. */
    reviewed?: (id: string) => Reviewed | undefined
    signal?: AbortSignal
    onProgress?: (progress: ReportProgress) => void
    /** Told how many of the documents' images this device does not have yet, if any: each stands as its alt text. */
    onMissingImages?: (count: number) => void
  },
): Promise<Uint8Array> {
  const total = ids.length
  onProgress({ step: 'reading', done: 0, total })
  // First, so that a network this device cannot speak for stops the report before any document is read.
  const glance = atAGlance ? await glanceOf(atAGlance, statsOf) : undefined
  signal?.throwIfAborted()
  const chapters = await readChapters(library, ids, {
    ...(signal ? { signal } : {}),
    ...(reviewed ? { reviewed } : {}),
    onRead: (done) => onProgress({ step: 'reading', done, total }),
  })
  const images = await documentImages(
    library.blobs,
    chapters.map(({ body }) => body),
  )
  if (images.missing) onMissingImages?.(images.missing)
  const network = commonNetwork(chapters)
  // Networks are looked up by id, then shown by name: on the cover, the glance, the standings and each chapter's details.
  const standings = networkStandings(ids, chapters, standingOf)
  const report = {
    title,
    ...(glance ? { glance: { ...glance, network: networkName(glance.network) } } : {}),
    ...(network ? { network: networkName(network) } : {}),
    compiledAt: new Date().toISOString(),
    chapters: chapters.map((chapter) =>
      chapter.meta.network ? { ...chapter, meta: { ...chapter.meta, network: networkName(chapter.meta.network) } } : chapter,
    ),
    standings: standings.map((standing) => ({ ...standing, network: networkName(standing.network) })),
  }
  if (format === 'docx') {
    onProgress({ step: 'writing', done: total, total })
    const bytes = await reportToDocx(report, await wordImages(images.bytes))
    signal?.throwIfAborted()
    return bytes
  }
  const onStep = (step: 'printing' | 'numbering') => onProgress({ step, done: total, total })
  return reportToPdf(printer, report, await exportStylesheet(), paper, { ...(signal ? { signal } : {}), onStep, images: dataUris(images.bytes) })
}

async function glanceOf(network: string, statsOf: ((network: string) => Promise<NetworkStats>) | undefined): Promise<ReportGlance> {
  if (!statsOf)
    throw new CasebookError('INTERNAL', 'A report was asked to open with a network at a glance, but its figures were not given.', { reason: 'unexpected' })
  const stats = await statsOf(network)
  // Loaded only for a report that asks for it: drawing charts in Node takes happy-dom, a third of a second to load.
  const { reportGlance } = await import('./reportGlance.js')
  return reportGlance(stats)
}
