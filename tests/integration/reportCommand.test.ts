import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import { writeCatalog } from '../helpers/catalogFile.js'
import { casebook } from '../helpers/cli.js'
import { expectUserError } from '../helpers/expectUserError.js'
import { readPdf, savePage } from '../helpers/pdf.js'
import { useTempDir } from '../helpers/tempDir.js'

/** A case study in Markdown, of a network, city, status and topics. */
function caseStudy(title: string, fields: Record<string, string>, body = '## Summary\n\nWhat changed.\n'): string {
  return `---\ntitle: ${title}\nkind: case-study\n${Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')}\n---\n\n${body}`
}

describe('casebook report', () => {
  const temp = useTempDir()
  let data: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })
  /** The ids of the documents imported, by title. */
  let ids: Record<string, string>

  beforeEach(async () => {
    data = join(temp.path, 'data')
    const files = {
      'lagos.md': caseStudy('Lagos BRT', { network: 'brt', city: 'Lagos', status: 'published', topics: '[bus rapid transit]' }),
      // It claims to be published; its network never published it.
      'quito.md': caseStudy('Quito Metro', { network: 'brt', city: 'Quito', status: 'published', topics: '[metro]' }),
      'bogota.md': caseStudy('Bogotá TransMilenio', { network: 'brt', city: 'Bogotá', status: 'published', topics: '[Bus Rapid Transit]' }),
      'paris.md': caseStudy('Paris heat plan', { network: 'adaptation', city: 'Paris', status: 'published' }),
    }
    ids = {}
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(temp.path, name), text)
      const result = await run('import', join(temp.path, name))
      expect(result.code, result.stderr).toBe(0)
      const [id] = result.stdout.split(/\s+/)
      ids[text.split('\n')[1]?.slice('title: '.length) ?? ''] = id ?? ''
    }
    // As the app leaves each network's catalog when it stops: the facilitators published these.
    await writeCatalog(data, 'brt', [{ document: ids['Lagos BRT'] ?? '' }, { document: ids['Bogotá TransMilenio'] ?? '' }])
    await writeCatalog(data, 'adaptation', [{ document: ids['Paris heat plan'] ?? '' }])
  })

  /** The report's chapters, read back from its Word file: the titles in Heading 1, less the contents'. */
  async function wordChapters(path: string): Promise<string[]> {
    const { value } = await mammoth.convertToHtml({ buffer: await readFile(path) })
    return [...value.matchAll(/<h1>(?:<a id="[^"]+"><\/a>)?([^<]+)<\/h1>/g)].map(([, title]) => title ?? '').filter((title) => title !== 'Contents')
  }

  it('compiles the published documents of a network on a topic as a PDF, each chapter on the page its contents say', async () => {
    const out = join(temp.path, 'brt.pdf')
    const result = await run('report', '--network', 'brt', '--status', 'published', '--topic', 'bus rapid transit', '--title', 'BRT in 2026', '--out', out)
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: `Wrote a report of 2 documents to ${out}.\n` })
    const bytes = await readFile(out)
    const pdf = await readPdf(bytes)
    // By title: Bogotá before Lagos; Quito is a draft, whatever it says, and Paris of another network.
    expect(pdf.pages).toHaveLength(4)
    expect(pdf.pages[0]).toMatch(/^BRT BRT in 2026 .* Cities Bogotá Lagos BRT in 2026 1 \/ 4$/)
    expect(pdf.pages[1]).toBe('Contents Bogotá TransMilenio 3 Lagos BRT 4 BRT in 2026 2 / 4')
    expect(pdf.pages[2]).toMatch(/^Bogotá TransMilenio KIND Case study CITY Bogotá NETWORK brt /)
    expect(pdf.pages[3]).toMatch(/^Lagos BRT KIND Case study CITY Lagos NETWORK brt /)
    savePage(bytes, 'cli-report-contents', 2)
  })

  it('compiles the documents given by --ids, in that order, as a Word file', async () => {
    const out = join(temp.path, 'chosen.docx')
    const chosen = [ids['Paris heat plan'], ids['Quito Metro']].join(',')
    const result = await run('report', '--ids', chosen, '--title', 'Two cities', '--out', out)
    expect(result).toMatchObject({ code: 0, stdout: `Wrote a report of 2 documents to ${out}.\n` })
    expect(await wordChapters(out)).toEqual(['Paris heat plan', 'Quito Metro'])
  })

  it('replaces an existing file only with --force, and writes nothing when no document matches', async () => {
    const out = join(temp.path, 'report.docx')
    await writeFile(out, 'mine')
    const refused = await run('report', '--network', 'brt', '--title', 'BRT', '--out', out)
    expectUserError(refused, /report\.docx already exists; add --force to replace it\./)
    expect(await readFile(out, 'utf8')).toBe('mine')
    expect((await run('report', '--network', 'brt', '--title', 'BRT', '--out', out, '--force')).code).toBe(0)
    expect(await wordChapters(out)).toEqual(['Bogotá TransMilenio', 'Lagos BRT', 'Quito Metro'])

    const none = join(temp.path, 'none.pdf')
    expectUserError(
      await run('report', '--network', 'brt', '--city', 'Lima', '--title', 'BRT', '--out', none),
      /No document of network brt has city "Lima"; nothing was written\./,
    )
    expect(existsSync(none)).toBe(false)
  })

  it('refuses options it cannot use in one line, as a usage error, and an unknown document by its id', async () => {
    const out = join(temp.path, 'r.pdf')
    const cases: [string[], RegExp][] = [
      [['--network', 'brt', '--out', out], /Give the report a title with --title\./],
      [['--network', 'brt', '--title', 'T'], /Say where to write the report with --out FILE\./],
      [['--title', 'T', '--out', out], /Choose the documents with --ids ID,ID,… or --network ID\./],
      [['--ids', 'abc', '--network', 'brt', '--title', 'T', '--out', out], /either with --ids or with --network, not both/],
      [['--ids', 'abc', '--city', 'Lagos', '--title', 'T', '--out', out], /--city chooses among a network's documents/],
      [['--ids', 'abc,,def', '--title', 'T', '--out', out], /--ids takes document IDs separated by commas, with none empty\./],
      [
        ['--network', 'brt', '--status', 'final', '--title', 'T', '--out', out],
        /--status must be one of draft, submitted, in-review, published, archived, not "final"\./,
      ],
      [['--network', 'brt', '--title', 'T', '--out', join(temp.path, 'r.md')], /Casebook can write pdf or docx, not "md"/],
    ]
    for (const [args, message] of cases) {
      const result = await run('report', ...args)
      expect(result.code, args.join(' ')).toBe(2)
      expectUserError(result, message)
    }
    expectUserError(await run('report', '--ids', 'ffffffffffffffff', '--title', 'T', '--out', out), /ffffffffffffffff/)
    expect(existsSync(out)).toBe(false)
  })
})
