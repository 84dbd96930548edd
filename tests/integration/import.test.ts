import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { beforeEach, describe, expect, it } from 'vitest'
import { Importer, type ImportReply } from '../../src/main/import/importer.js'
import { readFileToImport } from '../../src/main/import/readFileToImport.js'
import { casebook, type CliResult } from '../helpers/cli.js'
import { makeDocx } from '../helpers/makeDocx.js'
import { largeMarkdown } from '../helpers/markdownCorpus.js'
import { useTempDir } from '../helpers/tempDir.js'
import { wordZip } from '../helpers/zip.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/bogota-bike-lanes.md')

/** Refused: exit code 1, and stderr is exactly these lines, with no stack trace. */
function expectRefused(result: CliResult, lines: string[]): void {
  expect(result.code, result.stdout).toBe(1)
  expect(result.stderr.trimEnd().split('\n')).toEqual(lines)
}

describe('casebook import, given files made to stall or exhaust it', () => {
  const temp = useTempDir()
  let data: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })
  const titles = async () => (JSON.parse((await run('list', '--json')).stdout) as { meta: { title: string } }[]).map((row) => row.meta.title).sort()
  beforeEach(() => {
    data = join(temp.path, 'data')
  })

  it('refuses a Word file whose few kilobytes unpack to more than 50 MB, naming the file and the part, before reading it', async () => {
    const bomb = join(temp.path, 'bomb.docx')
    await writeFile(bomb, wordZip(1_700_000))
    // With 256 MB, reading the part would stop at the memory limit instead, with another message.
    expectRefused(await run('import', bomb, '--memory-limit', '256'), [
      'casebook: bomb.docx: Its part word/document.xml unpacks to 62 MB, more than the 50 MB a part may hold.',
    ])
    expect(await titles()).toEqual([])
  })

  it('refuses a Word file whose zip header understates what a part unpacks to', async () => {
    const liar = join(temp.path, 'liar.docx')
    await writeFile(liar, wordZip(30_000, { statedSize: 1000 }))
    expectRefused(await run('import', liar), ['casebook: liar.docx: Its part word/document.xml does not unpack to the size its zip header states.'])
    expect(await titles()).toEqual([])
  })

  it('stops a file that passes the time limit, names it, and imports the rest of the batch', { timeout: 120_000 }, async () => {
    // A loose task list of 40,000 items: TipTap's task-list tokenizer looks ahead over every line
    // left at each blank line, which takes minutes.
    const slow = join(temp.path, 'slow.md')
    await writeFile(slow, '- [ ] a task\n\n'.repeat(40_000))
    const docx = join(temp.path, 'kampungs.docx')
    await writeFile(docx, await makeDocx())
    const result = await run('import', FIXTURE, slow, docx, '--time-limit', '10')
    expectRefused(result, [
      'casebook: slow.md: It took more than 10 s to import, so it was stopped.',
      'casebook: 1 of the 3 files was not imported; the other 2 were.',
    ])
    expect(result.stdout).toMatch(
      /^[0-9a-f]{16} {2}Ciclovías: Bogotá's protected bike lanes {2}\(from .*bogota-bike-lanes\.md\)\n[0-9a-f]{16} {2}Flood-proofing Jakarta’s kampungs {2}\(from .*kampungs\.docx\)\n$/,
    )
    expect(await titles()).toEqual(["Ciclovías: Bogotá's protected bike lanes", 'Flood-proofing Jakarta’s kampungs'])
  })

  it('stops a file that passes the memory limit, names it, and imports the rest of the batch', { timeout: 120_000 }, async () => {
    const big = join(temp.path, 'big.md')
    await writeFile(big, largeMarkdown(5 << 20))
    const result = await run('import', big, FIXTURE, '--memory-limit', '64')
    expectRefused(result, [
      'casebook: big.md: It needs more than 64 MB of memory to import, so it was stopped.',
      'casebook: 1 of the 2 files was not imported; the other one was.',
    ])
    expect(await titles()).toEqual(["Ciclovías: Bogotá's protected bike lanes"])
  })

  it('says when no file of a batch could be imported, and stores nothing', async () => {
    const bomb = join(temp.path, 'bomb.docx')
    await writeFile(bomb, wordZip(1_700_000))
    expectRefused(await run('import', bomb, join(temp.path, 'missing.md')), [
      'casebook: bomb.docx: Its part word/document.xml unpacks to 62 MB, more than the 50 MB a part may hold.',
      'casebook: missing.md: There is no such file.',
      'casebook: None of the 2 files was imported.',
    ])
    expect(await titles()).toEqual([])
  })

  it.each([
    ['--time-limit', '0'],
    ['--memory-limit', 'lots'],
  ])('refuses %s %s as a usage error', async (option, value) => {
    const result = await run('import', FIXTURE, option, value)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`casebook: ${option} must be a whole number from 1 to 86400, not "${value}".\n`)
  })

  it('the desktop app has the worker too, in its own bundle, and it converts a file', async () => {
    const bytes = await makeDocx()
    const worker = new Worker(join(import.meta.dirname, '../../dist/electron/importWorker.js'))
    const reply = await new Promise<ImportReply>((resolve, reject) =>
      worker.once('message', resolve).once('error', reject).postMessage({ name: 'kampungs.docx', bytes, network: 'brt-network' }),
    )
    await worker.terminate()
    expect(reply.ok && reply.file.document.meta).toMatchObject({ title: 'Flood-proofing Jakarta’s kampungs', network: 'brt-network', kind: 'case-study' })
  })

  it('an Importer, used by the back end with limits of its own, refuses a file past them by name', async () => {
    const big = join(temp.path, 'big.md')
    await writeFile(big, largeMarkdown(5 << 20))
    const importer = new Importer({ limits: { seconds: 60, memoryMb: 64 } })
    try {
      await expect(importer.import(await readFileToImport(big))).rejects.toMatchObject({
        code: 'IMPORT_LIMIT',
        message: 'big.md: It needs more than 64 MB of memory to import, so it was stopped.',
      })
      const imported = await importer.import(await readFileToImport(FIXTURE), { network: 'brt-network' })
      expect(imported.document.meta).toMatchObject({ title: "Ciclovías: Bogotá's protected bike lanes", network: 'brt-network' })
      expect(imported.warnings).toEqual([])
    } finally {
      await importer.close()
    }
  })
})
