import type { JSONContent } from '@tiptap/core'
import { ChromiumPrinter } from '../../src/main/export/ChromiumPrinter.js'
import { exportStylesheet } from '../../src/main/export/exportStylesheet.js'
import { reportToDocx } from '../../src/main/export/reportToDocx.js'
import { reportToPdf } from '../../src/main/export/reportToPdf.js'
import { toDocx } from '../../src/main/export/toDocx.js'
import { toPdf } from '../../src/main/export/toPdf.js'
import { toHtml } from '../../src/shared/export/html.js'
import { fromMarkdown, toMarkdown } from '../../src/shared/export/markdown.js'
import type { Report } from '../../src/shared/export/report.js'
import { reportHtml } from '../../src/shared/export/reportHtml.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import type { DocumentMeta } from '../../src/shared/model/meta.js'
import { caseStudies } from './caseStudyCorpus.js'
import { figure, report, type Figure } from './report.js'
import { loadTrace } from './trace.js'

/**
 * Export (`BENCH_ONLY=export`), in this process, as the CLI and the browser shell export:
 * - the automerge-paper document (its final text, 104,852 characters, a paragraph per line) to
 *   Markdown, HTML, Word and PDF, each with its file's size;
 * - a one-page case study to PDF, from a cold start (Chromium started for it) and with Chromium
 *   running, against Chromium printing the same HTML alone (what Casebook adds: the HTML, and
 *   finishing the PDF with pdf-lib);
 * - a report of 50 generated case studies to PDF (Chromium's start included; against one print of
 *   its HTML: the report prints twice, to number its contents) and to Word.
 */
export async function exportBench(runs: number): Promise<void> {
  const stylesheet = await exportStylesheet()
  const paper = automergePaper()
  const onePage = newDocumentContent(
    { kind: 'case-study', title: 'Lagos BRT', city: 'Lagos', country: 'Nigeria', authors: ['Amaka Obi'], topics: ['bus rapid transit'] },
    fromMarkdown('## Summary\n\nThe corridor opened in 2008 and carries 200,000 riders a day.\n\n## What was done\n\n1. Lanes\n2. Stations\n').body,
  )
  const fifty: Report = {
    title: 'Fifty case studies',
    network: 'brt',
    compiledAt: new Date().toISOString(),
    standings: [],
    chapters: caseStudies(50).map(({ markdown }) => {
      const { fields, body } = fromMarkdown(markdown)
      return newDocumentContent({ ...(fields as Pick<DocumentMeta, 'kind' | 'title' | 'city'>) }, body)
    }),
  }
  const times = {
    md: [] as number[],
    html: [] as number[],
    docx: [] as number[],
    paperPdfCold: [] as number[],
    paperPdfWarm: [] as number[],
    paperPrint: [] as number[],
    onePdfCold: [] as number[],
    onePdfWarm: [] as number[],
    onePrint: [] as number[],
    reportPdf: [] as number[],
    reportPrint: [] as number[],
    reportDocx: [] as number[],
  }
  const sizes: Record<string, number> = {}
  const timed = async <T>(into: number[], work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now()
    const result = await work()
    into.push(performance.now() - start)
    return result
  }
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`export: run ${run} of ${runs}\n`)
    sizes['md'] = Buffer.byteLength(await timed(times.md, () => toMarkdown(paper.meta, paper.body)))
    sizes['html'] = Buffer.byteLength(await timed(times.html, () => toHtml(paper.meta, paper.body, stylesheet, 'a4')))
    sizes['docx'] = (await timed(times.docx, () => toDocx(paper.meta, paper.body))).byteLength
    sizes['reportDocx'] = (await timed(times.reportDocx, () => reportToDocx(fifty))).byteLength

    for (const [document, cold, warm, print] of [
      [onePage, times.onePdfCold, times.onePdfWarm, times.onePrint],
      [paper, times.paperPdfCold, times.paperPdfWarm, times.paperPrint],
    ] as const) {
      let printer: ChromiumPrinter | undefined
      const bytes = await timed(cold, async () => {
        printer = await ChromiumPrinter.launch()
        return toPdf(printer, document.meta, document.body, stylesheet, 'a4')
      })
      if (!printer) throw new Error('Chromium did not start.')
      try {
        sizes[document === paper ? 'paperPdf' : 'onePdf'] = bytes.byteLength
        await timed(warm, () => toPdf(printer!, document.meta, document.body, stylesheet, 'a4'))
        const html = toHtml(document.meta, document.body, stylesheet, 'a4')
        await timed(print, () => printer!.print(html, document.meta.title))
      } finally {
        await printer.close()
      }
    }

    let printer: ChromiumPrinter | undefined
    const reportBytes = await timed(times.reportPdf, async () => {
      printer = await ChromiumPrinter.launch()
      return reportToPdf(printer, fifty, stylesheet, 'a4')
    })
    if (!printer) throw new Error('Chromium did not start.')
    try {
      sizes['reportPdf'] = reportBytes.byteLength
      const html = reportHtml(fifty, stylesheet, 'a4')
      await timed(times.reportPrint, () => printer!.print(html, fifty.title))
    } finally {
      await printer.close()
    }
  }
  const kilobytes = (name: string, bytes: number): Figure => figure(name, 'KB', [Math.round(bytes / 1024)])
  await report('export', runs, [
    figure('automerge-paper to Markdown', 'ms', times.md),
    kilobytes('  its size', sizes['md'] ?? 0),
    figure('automerge-paper to HTML', 'ms', times.html),
    kilobytes('  its size', sizes['html'] ?? 0),
    figure('automerge-paper to Word', 'ms', times.docx, undefined, '≤ 300 ms'),
    kilobytes('  its size', sizes['docx'] ?? 0),
    figure('automerge-paper to PDF, Chromium started for it', 'ms', times.paperPdfCold),
    figure('automerge-paper to PDF, Chromium running', 'ms', times.paperPdfWarm, { name: 'Chromium printing its HTML', values: times.paperPrint }),
    kilobytes('  its size', sizes['paperPdf'] ?? 0),
    figure('one-page case study to PDF, Chromium started for it', 'ms', times.onePdfCold, undefined, '≤ 2000 ms'),
    figure('one-page case study to PDF, Chromium running', 'ms', times.onePdfWarm, { name: 'Chromium printing its HTML', values: times.onePrint }, '≤ 500 ms'),
    kilobytes('  its size', sizes['onePdf'] ?? 0),
    figure(
      '50-document report to PDF, Chromium started for it',
      'ms',
      times.reportPdf,
      { name: 'one print of its HTML', values: times.reportPrint },
      '≤ 15000 ms',
    ),
    kilobytes('  its size', sizes['reportPdf'] ?? 0),
    figure('50-document report to Word', 'ms', times.reportDocx),
    kilobytes('  its size', sizes['reportDocx'] ?? 0),
  ])
}

/** The automerge-paper's final text as a case study, a paragraph per line. */
function automergePaper(): { meta: DocumentMeta; body: JSONContent } {
  const lines = loadTrace('automerge-paper')
    .endContent.split('\n')
    .filter((line) => line.trim())
  return newDocumentContent(
    { kind: 'case-study', title: 'Automerge paper' },
    { type: 'doc', content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })) },
  )
}
