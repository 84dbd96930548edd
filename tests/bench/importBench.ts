import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Importer } from '../../src/main/import/importer.js'
import { readFileToImport } from '../../src/main/import/readFileToImport.js'
import { Library } from '../../src/main/library/library.js'
import { fromMarkdown } from '../../src/shared/export/markdown.js'
import { casebook } from '../helpers/cli.js'
import { largeDocx } from '../helpers/makeDocx.js'
import { largeMarkdown } from '../helpers/markdownCorpus.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { figure, report, type Figure } from './report.js'

/**
 * Imports generated Markdown case studies of 1, 5 and 10 MB and Word reports of 1 and 10 MB, each
 * with the built `casebook import` into a fresh library, and measures the whole command: its time
 * and its peak resident memory (the import's worker included). And, in this process: the 1 MB file
 * imported into an open library as the desktop app would (an Importer's worker, then the library
 * stores it), which issue 12 wants within a second: with the worker started when the import was
 * offered and ready by the time the file is picked, and cold, the worker started for this file; and
 * its Markdown parse alone, the part TipTap made quadratic (issue 8290).
 */
const MEGABYTE = 1 << 20
const FILES = [
  { name: 'case-study-1mb.md', make: () => largeMarkdown(MEGABYTE) },
  { name: 'case-study-5mb.md', make: () => largeMarkdown(5 * MEGABYTE) },
  { name: 'case-study-10mb.md', make: () => largeMarkdown(10 * MEGABYTE) },
  { name: 'report-1mb.docx', make: () => largeDocx(MEGABYTE) },
  { name: 'report-10mb.docx', make: () => largeDocx(10 * MEGABYTE) },
]

export async function importBench(runs: number): Promise<void> {
  const dirs = new TempDirs('casebook-bench-import-')
  const dir = dirs.make()
  try {
    const samples = FILES.map(() => ({ ms: [] as number[], rss: [] as number[] }))
    const parse: number[] = []
    const stored = { ready: [] as number[], cold: [] as number[] }
    for (const file of FILES) await writeFile(join(dir, file.name), await file.make())
    const markdown = largeMarkdown(MEGABYTE)
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`import: run ${run} of ${runs}\n`)
      stored.ready.push(await importIntoLibrary(join(dir, FILES[0]!.name), join(dir, `library-${run}-ready`), 'ready'))
      stored.cold.push(await importIntoLibrary(join(dir, FILES[0]!.name), join(dir, `library-${run}-cold`), 'cold'))
      const start = performance.now()
      fromMarkdown(markdown)
      parse.push(performance.now() - start)
      for (const [index, file] of FILES.entries()) {
        const result = await importOnce(join(dir, file.name), join(dir, `data-${run}-${index}`))
        samples[index]!.ms.push(result.ms)
        samples[index]!.rss.push(result.rssMb)
      }
    }
    const figures: Figure[] = [
      figure(
        '1 MB of Markdown to a stored document, worker ready (Importer and Library.createFromState, in process)',
        'ms',
        stored.ready,
        undefined,
        '≤ 1,000 ms',
      ),
      figure('1 MB of Markdown to a stored document, cold: worker started for it (in process)', 'ms', stored.cold),
      figure('parse 1 MB of Markdown (fromMarkdown, in process)', 'ms', parse),
      ...FILES.flatMap((file, index) => [
        figure(`casebook import ${file.name}`, 'ms', samples[index]!.ms),
        figure(`casebook import ${file.name}, peak RSS`, 'MB', samples[index]!.rss),
      ]),
    ]
    await report('import', runs, figures)
  } finally {
    dirs.removeAll()
  }
}

/**
 * The time from the file's path to its document stored in a library already open. Ready: the worker
 * was started 3 s before, as the app would start it when it offers the import, seconds before the
 * user has picked a file; if its warm-up takes longer on a busy machine, what is left is counted.
 */
async function importIntoLibrary(path: string, data: string, worker: 'ready' | 'cold'): Promise<number> {
  const library = await Library.open(data)
  const importer = new Importer()
  try {
    if (worker === 'ready') {
      importer.prepare()
      await sleep(3000)
    }
    const start = performance.now()
    await library.createFromState((await importer.import(await readFileToImport(path))).document)
    return performance.now() - start
  } finally {
    await importer.close()
    await library.close()
  }
}

async function importOnce(path: string, data: string): Promise<{ ms: number; rssMb: number }> {
  const start = performance.now()
  const result = await casebook(['import', path, '--data', data], { nodeArgs: ['--import', join(import.meta.dirname, 'peakRss.mjs')] })
  const ms = performance.now() - start
  if (result.code !== 0 || !/^[0-9a-f]{16} /.test(result.stdout)) throw new Error(`Importing ${path} failed: ${result.stderr}`)
  const peak = /peak-rss-kb (\d+)\n$/.exec(result.stderr)
  if (!peak) throw new Error(`Importing ${path} did not report its peak memory: ${result.stderr}`)
  return { ms, rssMb: Number(peak[1]) / 1024 }
}
