import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Printer } from '../../../src/main/export/Printer.js'
import { Services } from '../../../src/main/services/services.js'
import { deferred } from '../../../src/shared/deferred.js'
import { inProcessApi } from '../../helpers/api.js'
import { TempDirs } from '../../helpers/tempDirs.js'

const encode = (text: string) => new TextEncoder().encode(text)

/** A printer whose first print waits until the test lets it go; it answers nothing a PDF could be read from. */
class HeldPrinter implements Printer {
  readonly started = deferred<void>()
  readonly release = deferred<void>()
  prints = 0
  async print(): Promise<Uint8Array> {
    this.prints++
    this.started.resolve()
    await this.release.promise
    return new Uint8Array()
  }
  async close(): Promise<void> {}
}

describe('compiling a report through the contract (library.report)', () => {
  const dirs = new TempDirs('casebook-report-')
  let services: Services
  let api: ReturnType<typeof inProcessApi>
  let printer: HeldPrinter
  const ids: string[] = []
  beforeEach(async () => {
    printer = new HeldPrinter()
    services = await Services.start(dirs.make(), { printer })
    api = inProcessApi(services)
    ids.length = 0
    for (const [title, city] of [
      ['Lagos BRT', 'Lagos'],
      ['Quito Metro', 'Quito'],
      ['Bogotá TransMilenio', 'Bogotá'],
    ]) {
      const markdown = `---\ntitle: ${title}\ncity: ${city}\n---\n\n## Summary\n\n${city} in brief.\n`
      ids.push((await api.request('library.import', { name: `${city}.md`, bytes: encode(markdown) })).row.id)
    }
  })
  afterEach(async () => {
    printer.release.resolve()
    await api.close()
    await services.stop()
    dirs.removeAll()
  })

  it('answers a Word file of the documents in the order given, telling only the window that asked how far it is', async () => {
    const other = inProcessApi(services)
    const report = await api.request('library.report', { title: 'Three cities: 2026', ids: [ids[2]!, ids[0]!, ids[1]!], format: 'docx' })
    expect(report?.name).toBe('Three cities 2026.docx')
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(report?.bytes ?? []) })
    expect([...value.matchAll(/<h1><a id="[^"]+"><\/a>([^<]+)<\/h1>/g)].map(([, title]) => title)).toEqual(['Bogotá TransMilenio', 'Lagos BRT', 'Quito Metro'])
    await new Promise((resolve) => setImmediate(resolve))
    expect(api.events.filter((event) => event.type === 'report-progress')).toEqual([
      { type: 'report-progress', step: 'reading', done: 0, total: 3 },
      { type: 'report-progress', step: 'reading', done: 1, total: 3 },
      { type: 'report-progress', step: 'reading', done: 2, total: 3 },
      { type: 'report-progress', step: 'reading', done: 3, total: 3 },
      { type: 'report-progress', step: 'writing', done: 3, total: 3 },
    ])
    expect(other.events.filter((event) => event.type === 'report-progress')).toEqual([])
    await other.close()
  })

  it('once cancelled, answers null at once and prints no more; one report at a time per window', async () => {
    const compiling = api.request('library.report', { title: 'Three cities', ids, format: 'pdf' })
    await printer.started.promise
    await expect(api.request('library.report', { title: 'Again', ids, format: 'docx' })).rejects.toMatchObject({ code: 'BAD_REQUEST', reason: 'reportBusy' })
    await api.request('library.cancelReport', {})
    // Answered while its first print is still under way.
    await expect(compiling).resolves.toBeNull()
    printer.release.resolve()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // No second print, to number the contents.
    expect(printer.prints).toBe(1)
    // Cancelled, the window may ask for another.
    expect((await api.request('library.report', { title: 'Again', ids: [ids[0]!], format: 'docx' }))?.name).toBe('Again.docx')
  })

  it('refuses an empty list of documents, a document it does not have, and a format it does not write', async () => {
    await expect(api.request('library.report', { title: 'None', ids: [], format: 'pdf' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { field: 'ids' },
    })
    await expect(api.request('library.report', { title: 'T', ids: ['0123456789abcdef'], format: 'docx' })).rejects.toMatchObject({ code: 'UNKNOWN_DOCUMENT' })
    await expect(api.request('library.report', { title: 'T', ids, format: 'md' as 'pdf' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { field: 'format' },
    })
    expect(printer.prints).toBe(0)
  })
})
