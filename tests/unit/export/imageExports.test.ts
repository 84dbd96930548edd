import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { Document, ImageRun, Packer, Paragraph, TextRun } from 'docx'
import { decode as decodePng } from 'fast-png'
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dataUris, documentImages } from '../../../src/main/export/documentImages.js'
import { exportDocument } from '../../../src/main/export/exportDocument.js'
import { markdownBundle, markdownImageFiles } from '../../../src/main/export/markdownBundle.js'
import type { Printer } from '../../../src/main/export/Printer.js'
import { reportToDocx } from '../../../src/main/export/reportToDocx.js'
import { wordImages } from '../../../src/main/export/wordImages.js'
import { convertFile } from '../../../src/main/import/convertFile.js'
import { sha256 } from '../../../src/main/library/blobStore.js'
import type { Report } from '../../../src/shared/export/report.js'
import { reportHtml } from '../../../src/shared/export/reportHtml.js'
import { checkImage } from '../../../src/shared/model/checkImage.js'
import { readMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { docxParts } from '../../helpers/docxParts.js'
import { jpegImage, pngImage, webpImage } from '../../helpers/images.js'
import { useTempDir } from '../../helpers/tempDir.js'

const CHART = pngImage(800, 400, 5)
const PHOTO = jpegImage(120, 90, 6)
const NO_PRINTER: Printer = { print: () => Promise.reject(new Error('no PDF here')), close: async () => {} }

/** A file imported as the library would store it: its document read back, and its images by hash. */
async function imported(name: string, bytes: Uint8Array, folder?: string) {
  const file = await convertFile({ name, bytes, folder })
  const doc = new Y.Doc()
  Y.applyUpdate(doc, file.document.state)
  return { meta: readMeta(doc), body: readBody(doc), images: new Map(file.images.map(({ hash, bytes }) => [hash, bytes])), warnings: file.warnings }
}

function imagesIn(body: JSONContent): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  const visit = (node: JSONContent) => {
    if (node.type === 'image') found.push(node.attrs ?? {})
    node.content?.forEach(visit)
  }
  visit(body)
  return found
}

/** As exportDocument gives it: a Word file's bytes, or text. */
const exported = <F extends 'md' | 'html' | 'docx'>(
  format: F,
  document: { meta: Parameters<typeof exportDocument>[1]; body: JSONContent },
  images: ReadonlyMap<string, Uint8Array>,
) => exportDocument(format, document.meta, document.body, { paper: 'a4', printer: NO_PRINTER, images }) as Promise<F extends 'docx' ? Uint8Array : string>

describe('images in exports', () => {
  const temp = useTempDir()

  it('Word → document → Word keeps each image’s bytes, its alt text and its place, at its size made to fit the page', async () => {
    const picture = (data: Uint8Array, type: 'png' | 'jpg', description: string) =>
      new ImageRun({ type, data, transformation: { width: 200, height: 100 }, altText: { name: 'Picture', description } })
    const word = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({ text: 'Ridership' }),
              new Paragraph({ children: [picture(CHART, 'png', 'Daily trips, 2016 to 2024')] }),
              new Paragraph({ children: [new TextRun('The station:'), picture(PHOTO, 'jpg', 'The station at dawn')] }),
            ],
          },
        ],
      }),
    )
    const first = await imported('ridership.docx', word)
    const again = await exported('docx', first, first.images)
    // The produced file holds the images' bytes as they were, each once, and their alt text.
    const zip = await JSZip.loadAsync(again)
    const media = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => name.startsWith('word/media/') && !zip.files[name]?.dir)
        .map((name) => zip.file(name)!.async('nodebuffer')),
    )
    expect(media.map((bytes) => sha256(bytes)).sort()).toEqual([sha256(CHART), sha256(PHOTO)].sort())
    const [document] = await docxParts(again, 'word/document.xml')
    expect([...document!.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map(([, alt]) => alt)).toEqual(['Daily trips, 2016 to 2024', 'The station at dawn'])
    // Each picture's properties have an id of their own, as Word wants.
    expect(new Set([...document!.matchAll(/<wp:docPr id="(\d+)"/g)].map(([, id]) => id)).size).toBe(2)
    // 800 px is wider than an A4 page's text (601 px at 96 dpi): made to fit, its shape kept; 120 px is not.
    const extents = [...document!.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map(([, cx, cy]) => [Number(cx) / 9525, Number(cy) / 9525])
    expect(extents).toEqual([
      [602, 301],
      [120, 90],
    ])
    // Read back, mammoth's way and Casebook's, it is the same document.
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(again) })).value
    expect(html).toContain('<img alt="Daily trips, 2016 to 2024"')
    const second = await imported('again.docx', again)
    expect(imagesIn(second.body)).toEqual(imagesIn(first.body))
    expect(imagesIn(first.body).map(({ blob, alt }) => [blob, alt])).toEqual([
      [sha256(CHART), 'Daily trips, 2016 to 2024'],
      [sha256(PHOTO), 'The station at dawn'],
    ])
  })

  it('writes a caption under its image in Word’s Caption style', async () => {
    const body = {
      type: 'doc',
      content: [{ type: 'image', attrs: { blob: sha256(PHOTO), type: 'jpeg', width: 120, height: 90, alt: 'A bus', caption: 'Line 4 at rush hour' } }],
    }
    const word = await exported('docx', { meta: (await imported('x.md', new TextEncoder().encode('# X\n'))).meta, body }, new Map([[sha256(PHOTO), PHOTO]]))
    const [document, styles] = await docxParts(word, 'word/document.xml', 'word/styles.xml')
    expect(document).toMatch(
      /<w:drawing>[\s\S]*<\/w:drawing><\/w:r><\/w:p><w:p><w:pPr><w:pStyle w:val="Caption"\/><\/w:pPr><w:r><w:t xml:space="preserve">Line 4 at rush hour<\/w:t>/,
    )
    expect(styles).toContain('<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/>')
  })

  it('turns a WebP image into a PNG of the same pixels for Word, which does not read WebP', async () => {
    const webp = await webpImage(40, 20, 7)
    const body = { type: 'doc', content: [{ type: 'image', attrs: { blob: sha256(webp), type: 'webp', width: 40, height: 20, alt: 'A map', caption: '' } }] }
    const word = await exported('docx', { meta: (await imported('x.md', new TextEncoder().encode('# X\n'))).meta, body }, new Map([[sha256(webp), webp]]))
    const zip = await JSZip.loadAsync(word)
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/') && !zip.files[name]?.dir)
    expect(media).toHaveLength(1)
    expect(media[0]).toMatch(/\.png$/)
    const png = await zip.file(media[0]!)!.async('uint8array')
    expect(checkImage(png)).toEqual({ type: 'png', width: 40, height: 20 })
    expect(Buffer.from(decodePng(png).data as Uint8Array).equals(Buffer.from(pngPixels(pngImage(40, 20, 7))))).toBe(true)
  })

  it('Markdown with images beside it → document → Markdown bundle: the .md refers to images/…, and each image is there, byte for byte', async () => {
    await mkdir(join(temp.path, 'figures'))
    await writeFile(join(temp.path, 'figures', 'chart.png'), CHART)
    await writeFile(join(temp.path, 'photo.jpg'), PHOTO)
    const markdown = '# Ridership\n\n![Daily trips](figures/chart.png "Since 2016")\n\nThe station ![At dawn](photo.jpg) opened.\n'
    const document = await imported('ridership.md', new TextEncoder().encode(markdown), temp.path)
    const text = String(await exported('md', document, document.images))
    expect(text).toBe(
      [
        '---\ntitle: Ridership\nkind: case-study\n---\n\n# Ridership',
        `![Daily trips](images/${sha256(CHART)}.png "Since 2016")`,
        'The station',
        `![At dawn](images/${sha256(PHOTO)}.jpg)`,
        'opened.\n',
      ].join('\n\n'),
    )
    const zip = await JSZip.loadAsync(await markdownBundle('ridership.md', text, markdownImageFiles(document.body, document.images)))
    expect(Object.keys(zip.files).sort()).toEqual(['images/', `images/${sha256(CHART)}.png`, `images/${sha256(PHOTO)}.jpg`, 'ridership.md'])
    expect(Buffer.from(await zip.file(`images/${sha256(CHART)}.png`)!.async('uint8array')).equals(CHART)).toBe(true)
    expect(Buffer.from(await zip.file(`images/${sha256(PHOTO)}.jpg`)!.async('uint8array')).equals(PHOTO)).toBe(true)
    // Unpacked and imported again, it is the same document.
    const unpacked = join(temp.path, 'unpacked')
    await mkdir(join(unpacked, 'images'), { recursive: true })
    for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) await writeFile(join(unpacked, name), await entry.async('uint8array'))
    const back = await imported('ridership.md', await zip.file('ridership.md')!.async('uint8array'), unpacked)
    expect(back.body).toEqual(document.body)
    expect(back.warnings).toEqual([])
  })

  it('puts each image in the HTML page as a data: URI of its bytes, in a figure with its alt text and caption, which the page’s policy lets show', async () => {
    const body = {
      type: 'doc',
      content: [
        { type: 'image', attrs: { blob: sha256(CHART), type: 'png', width: 800, height: 400, alt: 'Daily trips', caption: 'Since 2016' } },
        { type: 'image', attrs: { blob: sha256(PHOTO), type: 'jpeg', width: 120, height: 90, alt: 'At dawn', caption: '' } },
      ],
    }
    const { meta } = await imported('x.md', new TextEncoder().encode('# X\n'))
    const html = String(
      await exported(
        'html',
        { meta, body },
        new Map([
          [sha256(CHART), CHART],
          [sha256(PHOTO), PHOTO],
        ]),
      ),
    )
    const figures = [
      ...html.matchAll(
        /<figure><img src="data:(image\/\w+);base64,([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"\/>(?:<figcaption>([^<]*)<\/figcaption>)?<\/figure>/g,
      ),
    ]
    expect(figures.map(([, mime, data, alt, width, height, caption]) => [mime, sha256(Buffer.from(data!, 'base64')), alt, width, height, caption])).toEqual([
      ['image/png', sha256(CHART), 'Daily trips', '800', '400', 'Since 2016'],
      ['image/jpeg', sha256(PHOTO), 'At dawn', '120', '90', undefined],
    ])
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    expect(html).toMatch(/figure img \{[^}]*max-width: 100%;/)
  })

  it('exports an image this device does not have yet as its alt text, and counts it', async () => {
    const missing = sha256(pngImage(2, 2, 9))
    const body = {
      type: 'doc',
      content: [
        { type: 'image', attrs: { blob: missing, type: 'png', width: 2, height: 2, alt: 'A chart not downloaded yet', caption: '' } },
        { type: 'image', attrs: { blob: sha256(PHOTO), type: 'jpeg', width: 120, height: 90, alt: 'At dawn', caption: '' } },
      ],
    }
    const { meta } = await imported('x.md', new TextEncoder().encode('# X\n'))
    const store = new Map([[sha256(PHOTO), PHOTO]])
    const images = await documentImages({ get: async (hash) => store.get(hash) ?? null }, [body])
    expect([[...images.bytes.keys()], images.missing]).toEqual([[sha256(PHOTO)], 1])
    const markdown = String(await exported('md', { meta, body }, images.bytes))
    expect(markdown).toContain(`*A chart not downloaded yet*\n\n![At dawn](images/${sha256(PHOTO)}.jpg)`)
    expect(markdownImageFiles(body, images.bytes).map(({ path }) => path)).toEqual([`images/${sha256(PHOTO)}.jpg`])
    expect(String(await exported('html', { meta, body }, images.bytes))).toContain(
      '<p class="image-missing"><em>A chart not downloaded yet</em></p><figure><img src="data:image/jpeg',
    )
    const [document] = await docxParts(await exported('docx', { meta, body }, images.bytes), 'word/document.xml')
    expect(document).toContain('<w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">A chart not downloaded yet</w:t>')
    expect(document!.match(/<w:drawing>/g)).toHaveLength(1)
  })
})

describe('images in reports', () => {
  it('are in a report’s Word file, each chapter’s with its own picture id, and in its HTML as data: URIs', async () => {
    const image = (alt: string) => ({ type: 'image', attrs: { blob: sha256(PHOTO), type: 'jpeg', width: 120, height: 90, alt, caption: '' } })
    const chapter = (title: string, alt: string) => newDocumentContent({ kind: 'case-study', title }, { type: 'doc', content: [image(alt)] })
    const report: Report = {
      title: 'Depots',
      compiledAt: '2026-11-27T10:00:00.000Z',
      standings: [],
      chapters: [chapter('Lagos', 'The Lagos depot'), chapter('Quito', 'The Quito depot')],
    }
    const images = new Map([[sha256(PHOTO), PHOTO]])
    const [document] = await docxParts(await reportToDocx(report, await wordImages(images)), 'word/document.xml')
    const pictures = [...document!.matchAll(/<wp:docPr id="(\d+)" [^>]*descr="([^"]*)"/g)]
    expect(pictures.map(([, , alt]) => alt)).toEqual(['The Lagos depot', 'The Quito depot'])
    expect(new Set(pictures.map(([, id]) => id)).size).toBe(2)
    const html = reportHtml(report, '', 'a4', undefined, dataUris(images))
    expect(html.match(new RegExp(`<img src="data:image/jpeg;base64,${Buffer.from(PHOTO).toString('base64').replaceAll('+', '\\+')}"`, 'g'))).toHaveLength(2)
  })
})

function pngPixels(png: Uint8Array): Uint8Array {
  return decodePng(png).data as Uint8Array
}
