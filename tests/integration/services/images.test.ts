import { unlink } from 'node:fs/promises'
import { Document, ImageRun, Packer, Paragraph } from 'docx'
import JSZip from 'jszip'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sha256 } from '../../../src/main/library/blobStore.js'
import { Services } from '../../../src/main/services/services.js'
import { inProcessApi } from '../../helpers/api.js'
import { jpegImage } from '../../helpers/images.js'
import { TempDirs } from '../../helpers/tempDirs.js'

const PHOTO = jpegImage(60, 40, 21)
const encode = (text: string) => new TextEncoder().encode(text)

describe('images through the app’s contract (library.import, documents.export)', () => {
  const dirs = new TempDirs('casebook-images-')
  let services: Services
  let api: ReturnType<typeof inProcessApi>
  beforeEach(async () => {
    services = await Services.start(dirs.make())
    api = inProcessApi(services)
  })
  afterEach(async () => {
    await api.close()
    await services.stop()
    dirs.removeAll()
  })

  async function wordWithPhoto(): Promise<Uint8Array> {
    const photo = new ImageRun({ type: 'jpg', data: PHOTO, transformation: { width: 60, height: 40 }, altText: { name: 'Photo', description: 'The depot' } })
    return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ text: 'Depot' }), new Paragraph({ children: [photo] })] }] }))
  }

  it('stores a Word file’s images in the library, and exports Markdown with images as a .zip of it and its images folder', async () => {
    const { row, warnings } = await api.request('library.import', { name: 'depot.docx', bytes: await wordWithPhoto() })
    expect(warnings).toEqual([])
    expect(await services.library.blobs.list()).toEqual([sha256(PHOTO)])

    const exported = await api.request('documents.export', { id: row.id, format: 'md' })
    expect([exported.name, exported.missingImages]).toEqual(['depot.zip', 0])
    const zip = await JSZip.loadAsync(exported.bytes)
    expect(Object.keys(zip.files).sort()).toEqual(['depot.md', 'images/', `images/${sha256(PHOTO)}.jpg`])
    expect(await zip.file('depot.md')?.async('string')).toContain(`![The depot](images/${sha256(PHOTO)}.jpg)`)
    expect(Buffer.from((await zip.file(`images/${sha256(PHOTO)}.jpg`)?.async('uint8array')) ?? []).equals(PHOTO)).toBe(true)

    // Without the image on this device, Markdown alone, its alt text in the image's place, and the count of what is missing.
    await unlink(services.library.blobs.path(sha256(PHOTO)))
    const without = await api.request('documents.export', { id: row.id, format: 'md' })
    expect([without.name, without.missingImages]).toEqual(['depot.md', 1])
    expect(new TextDecoder().decode(without.bytes)).toContain('Depot\n\n*The depot*\n')
  })

  it('exports Markdown without images as plain Markdown, and keeps a Markdown file’s images as links, having only its bytes', async () => {
    const { row, warnings } = await api.request('library.import', { name: 'lima.md', bytes: encode('# Lima\n\n![A map](map.png)\n') })
    expect(warnings.map(({ code, params }) => [code, params])).toEqual([['imagesNotRead', { count: 1 }]])
    const exported = await api.request('documents.export', { id: row.id, format: 'md' })
    expect([exported.name, exported.missingImages]).toEqual(['Lima.md', 0])
    expect(new TextDecoder().decode(exported.bytes)).toContain('[A map](map.png)')
  })
})
