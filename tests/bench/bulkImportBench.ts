import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { casebook } from '../helpers/cli.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { figure, report } from './report.js'

/**
 * The whole `casebook import` of many small case studies (Markdown of 2 to 4 KB each: front matter,
 * headings, paragraphs with marks and links, lists) into a fresh library each run: its time, and
 * that time per file, which should not grow with the number of files. DOCUMENTS sets how many (2,000).
 */
export async function bulkImportBench(runs: number): Promise<void> {
  const documents = Number(process.env['DOCUMENTS'] ?? 2000)
  const dirs = new TempDirs('casebook-bench-bulkimport-')
  const dir = dirs.make()
  try {
    const inputs = join(dir, 'inputs')
    await mkdir(inputs)
    const paths = Array.from({ length: documents }, (_, n) => join(inputs, `case-study-${n}.md`))
    for (const [n, path] of paths.entries()) await writeFile(path, caseStudy(n))
    const ms: number[] = []
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`bulkimport: run ${run} of ${runs}\n`)
      const start = performance.now()
      const result = await casebook(['import', ...paths, '--data', join(dir, `data-${run}`)])
      ms.push(performance.now() - start)
      const imported = result.stdout.split('\n').filter((line) => /^[0-9a-f]{16} /.test(line)).length
      if (result.code !== 0 || imported !== documents) throw new Error(`Importing ${documents} files stored ${imported}: ${result.stderr}`)
    }
    const target = documents === 2000 ? '≤ 5,000 ms' : undefined
    await report('bulkimport', runs, [
      figure(`casebook import of ${documents} small Markdown files`, 'ms', ms, undefined, target),
      figure(
        'the same, per file',
        'ms',
        ms.map((value) => value / documents),
      ),
    ])
  } finally {
    dirs.removeAll()
  }
}

/** A case study of 2 to 4 KB, different for each `n`. */
function caseStudy(n: number): string {
  let text = `---\ntitle: Bus rapid transit in city ${n}\ncity: City ${n}\ntopics: [transport, buses]\n---\n# Bus rapid transit in city ${n}\n\n`
  for (let section = 1; text.length < 2000 + (n % 9) * 250; section += 1) {
    text += `## Step ${section}\n\nThe city built **${n + section} km** of lanes; *daily trips* doubled, as the [strategy](https://example.org/${n}) planned.\n\n`
    text += `- mapped the network in week ${section}\n- held workshops\n  - with riders\n\n`
  }
  return text
}
