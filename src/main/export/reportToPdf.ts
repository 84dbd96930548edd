import type { ImageSources } from '../../shared/export/exportImages.js'
import type { Paper } from '../../shared/export/exportFormat.js'
import { type Report, reportAuthors, reportTopics } from '../../shared/export/report.js'
import { GLANCE_TITLE, reportHtml } from '../../shared/export/reportHtml.js'
import { headingTexts } from '../../shared/model/documentBody.js'
import { CasebookError } from '../../shared/errors.js'
import { finishedPdf } from './finishedPdf.js'
import { outlinePages } from './outlinePages.js'
import type { Printer } from './Printer.js'

/**
 * A report as a PDF. Chromium has no CSS target-counter, so the contents' page numbers come from a
 * first print: each chapter's title is a top-level heading, and the only one (chapterBody), so the
 * outline's top-level entries are the opening page's heading if the report has one, the cover's
 * title, then the chapters in order, and each leads to the chapter's first page. The second print has the numbers filled in, laid out as the first
 * (reportHtml keeps their column).
 */
export async function reportToPdf(
  printer: Printer,
  report: Report,
  stylesheet: string,
  paper: Paper,
  { onStep, signal, images }: { onStep?: (step: 'printing' | 'numbering') => void; signal?: AbortSignal; images?: ImageSources } = {},
): Promise<Uint8Array> {
  onStep?.('printing')
  const draft = await unlessAborted(printer.print(reportHtml(report, stylesheet, paper, undefined, images), report.title), signal)
  const chapters = (await outlinePages(draft)).slice(report.glance ? 2 : 1)
  const pages = report.chapters.map((_, index) => chapters[index])
  if (!pages.every((page): page is number => typeof page === 'number')) {
    throw new CasebookError('INTERNAL', 'The report was printed without an outline of its chapters, so its contents could not be numbered.', {
      reason: 'unexpected',
    })
  }
  onStep?.('numbering')
  const printed = await unlessAborted(printer.print(reportHtml(report, stylesheet, paper, pages, images), report.title), signal)
  const properties = {
    authors: reportAuthors(report),
    topics: reportTopics(report),
    subject: 'Report',
    language: 'en',
  }
  const headings = [
    ...(report.glance ? [GLANCE_TITLE] : []),
    report.title,
    'Cities',
    'Contents',
    ...report.chapters.flatMap(({ meta, body }) => [meta.title, ...headingTexts(body)]),
  ]
  return finishedPdf(printed, properties, headings)
}

/** The work's result, or the signal's reason as soon as it is aborted: a long print is not waited for. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
