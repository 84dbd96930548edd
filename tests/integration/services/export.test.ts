import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import mammoth from 'mammoth'
import { PDFDocument } from 'pdf-lib'
import type { Printer } from '../../../src/main/export/Printer.js'
import { Services } from '../../../src/main/services/services.js'
import { inProcessApi } from '../../helpers/api.js'
import { TempDirs } from '../../helpers/tempDirs.js'

const encode = (text: string) => new TextEncoder().encode(text)
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** Stands in for Chromium (whose PDFs tests/integration/export reads): keeps what it was asked to print, and answers a blank page. */
class RecordingPrinter implements Printer {
  readonly printed: { html: string; title: string }[] = []
  closed = 0
  async print(html: string, title: string): Promise<Uint8Array> {
    this.printed.push({ html, title })
    const pdf = await PDFDocument.create()
    pdf.addPage()
    return pdf.save()
  }
  async close(): Promise<void> {
    this.closed++
  }
}

describe('exporting a document through the contract (documents.export)', () => {
  const dirs = new TempDirs('casebook-export-')
  let services: Services
  let api: ReturnType<typeof inProcessApi>
  let printer: RecordingPrinter
  let id: string
  beforeEach(async () => {
    printer = new RecordingPrinter()
    services = await Services.start(dirs.make(), { printer })
    api = inProcessApi(services)
    const markdown = '---\ntitle: "Lima: cycle lanes / 2024?"\ncity: Lima\n---\n\n## Summary\n\nLanes **doubled**.\n'
    ;({ id } = (await api.request('library.import', { name: 'lima.md', bytes: encode(markdown) })).row)
  })
  afterEach(async () => {
    await api.close()
    await services.stop()
    dirs.removeAll()
  })

  it('answers each format’s file, named after the title less what file systems refuse', async () => {
    const markdown = await api.request('documents.export', { id, format: 'md' })
    expect(markdown.name).toBe('Lima cycle lanes 2024.md')
    expect(decode(markdown.bytes)).toBe('---\ntitle: "Lima: cycle lanes / 2024?"\nkind: case-study\ncity: Lima\n---\n\n## Summary\n\nLanes **doubled**.\n')

    const html = await api.request('documents.export', { id, format: 'html', paper: 'letter' })
    expect(html.name).toBe('Lima cycle lanes 2024.html')
    expect(decode(html.bytes)).toContain('@page { size: letter; }')
    expect(decode(html.bytes)).toContain('<h2>Summary</h2>')

    const word = await api.request('documents.export', { id, format: 'docx' })
    expect(word.name).toBe('Lima cycle lanes 2024.docx')
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(word.bytes) })
    expect(value).toContain('<h2>Summary</h2><p>Lanes <strong>doubled</strong>.</p>')
  })

  it('prints a PDF with the printer it was given, on the paper asked (A4 unless said), and closes it when the services stop', async () => {
    const a4 = await api.request('documents.export', { id, format: 'pdf' })
    await api.request('documents.export', { id, format: 'pdf', paper: 'letter' })
    expect(a4.name).toBe('Lima cycle lanes 2024.pdf')
    // Finished with the document's properties (finishedPdf).
    const finished = await PDFDocument.load(a4.bytes)
    expect([finished.getSubject(), finished.getCreator(), finished.getPageCount()]).toEqual(['Case study', 'Casebook', 1])
    expect(printer.printed.map(({ title }) => title)).toEqual(['Lima: cycle lanes / 2024?', 'Lima: cycle lanes / 2024?'])
    expect(printer.printed.map(({ html }) => /@page \{ size: (\w+); \}/.exec(html)?.[1])).toEqual(['A4', 'letter'])
    expect(printer.closed).toBe(0)
    await services.stop()
    expect(printer.closed).toBe(1)
    services = await Services.start(dirs.make())
    api = inProcessApi(services)
  })

  it('says what it left out: content a newer Casebook wrote, which this one cannot show', async () => {
    expect((await api.request('documents.export', { id, format: 'md' })).leftOut).toEqual([])
    const handle = await services.library.open(id)
    handle.doc.transact(() => {
      const future = new Y.XmlElement('hologram')
      future.setAttribute('src', 'x')
      handle.doc.getXmlFragment('body').insert(0, [future])
    })
    await handle.close()
    const exported = await api.request('documents.export', { id, format: 'html' })
    expect(exported.leftOut).toEqual(['hologram'])
    expect(decode(exported.bytes)).toContain('<h2>Summary</h2>')
    expect(decode(exported.bytes)).not.toContain('hologram')
  })

  it('refuses a format, a paper or a document it does not know, naming the field', async () => {
    await expect(api.request('documents.export', { id, format: 'exe' as 'md' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { field: 'format' },
    })
    await expect(api.request('documents.export', { id, format: 'pdf', paper: 'a3' as 'a4' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { field: 'paper' },
    })
    await expect(api.request('documents.export', { id: '0123456789abcdef', format: 'md' })).rejects.toMatchObject({ code: 'UNKNOWN_DOCUMENT' })
    expect(printer.printed).toEqual([])
  })
})
