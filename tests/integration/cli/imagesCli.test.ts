import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import JSZip from 'jszip'
import { beforeEach, describe, expect, it } from 'vitest'
import { sha256 } from '../../../src/main/library/blobStore.js'
import { casebook, type CliResult } from '../../helpers/cli.js'
import { expectUserError } from '../../helpers/expectUserError.js'
import { jpegImage, pngImage, SCRIPTED_SVG } from '../../helpers/images.js'
import { readPdf, savePage } from '../../helpers/pdf.js'
import { useTempDir } from '../../helpers/tempDir.js'

const CHART = pngImage(900, 500, 11)
const PHOTO = jpegImage(480, 320, 12)
const MARKDOWN = `---
title: Ridership in Bogotá
---

## Results

![Daily trips, 2016 to 2024](figures/chart.png "Daily trips since the first corridor")

The new station ![The station at dawn](../photos/station.jpg) opened in 2019.
`

function ok(result: CliResult): string {
  expect(result.stderr, result.stderr).toBe('')
  expect(result.code).toBe(0)
  return result.stdout
}

describe('images through the casebook command line', () => {
  const temp = useTempDir()
  let data: string
  let id: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })

  beforeEach(async () => {
    data = join(temp.path, 'data')
    await mkdir(join(temp.path, 'case', 'figures'), { recursive: true })
    await mkdir(join(temp.path, 'photos'))
    await writeFile(join(temp.path, 'case', 'figures', 'chart.png'), CHART)
    await writeFile(join(temp.path, 'photos', 'station.jpg'), PHOTO)
    await writeFile(join(temp.path, 'case', 'ridership.md'), MARKDOWN)
    id = ok(await run('import', join('case', 'ridership.md'))).split(/\s+/)[0] as string
  })

  it('imports a Markdown file’s images from beside it into the library, and writes them beside the Markdown it exports, in images/', async () => {
    expect((await readdir(join(data, 'library', 'blobs'))).sort()).toEqual([sha256(CHART), sha256(PHOTO)].sort())
    const out = join(temp.path, 'export', 'ridership.md')
    await mkdir(join(temp.path, 'export'))
    ok(await run('export', id, '--format', 'md', '--out', out))
    const markdown = await readFile(out, 'utf8')
    expect(markdown).toContain(`![Daily trips, 2016 to 2024](images/${sha256(CHART)}.png "Daily trips since the first corridor")`)
    expect(markdown).toContain(`The new station\n\n![The station at dawn](images/${sha256(PHOTO)}.jpg)\n\nopened in 2019.`)
    expect((await readdir(join(temp.path, 'export', 'images'))).sort()).toEqual([`${sha256(CHART)}.png`, `${sha256(PHOTO)}.jpg`].sort())
    expect((await readFile(join(temp.path, 'export', 'images', `${sha256(CHART)}.png`))).equals(CHART)).toBe(true)
    // Exported again into the same folder, over the same images, with --force for the Markdown only.
    ok(await run('export', id, '--format', 'md', '--out', out, '--force'))
    // Imported from there, it is the same document again.
    const again = ok(await run('import', out)).split(/\s+/)[0] as string
    expect((await run('export', again, '--format', 'md')).stdout).toBe((await run('export', id, '--format', 'md')).stdout)
  })

  it('writes the Markdown and its images as one .zip with --bundle, and says what --bundle needs', async () => {
    const out = join(temp.path, 'ridership.zip')
    ok(await run('export', id, '--bundle', '--out', out))
    const zip = await JSZip.loadAsync(await readFile(out))
    expect(Object.keys(zip.files).sort()).toEqual(['images/', `images/${sha256(CHART)}.png`, `images/${sha256(PHOTO)}.jpg`, 'ridership.md'].sort())
    expect(await zip.file('ridership.md')?.async('string')).toContain(`](images/${sha256(PHOTO)}.jpg)`)
    expect(Buffer.from((await zip.file(`images/${sha256(PHOTO)}.jpg`)?.async('uint8array')) ?? []).equals(PHOTO)).toBe(true)
    expect(existsSync(join(temp.path, 'images'))).toBe(false)

    expectUserError(await run('export', id, '--bundle'), /A \.zip cannot be shown in the terminal; say where to write it with --out FILE\.zip\./)
    expectUserError(
      await run('export', id, '--bundle', '--format', 'docx', '--out', 'x.docx'),
      /--bundle writes a Markdown file and its images as one \.zip; a Word file holds its images itself/,
    )
    // Printed, the Markdown says where its images would be, and that they were not written.
    const printed = await run('export', id, '--format', 'md')
    expect(printed.code).toBe(0)
    expect(printed.stdout).toContain(`](images/${sha256(CHART)}.png`)
    expect(printed.stderr).toMatch(
      /^casebook: its 2 images were not written: give --out FILE to write them in images\/ beside the Markdown, or --bundle --out FILE\.zip\.\n$/,
    )
  })

  it('embeds the images in HTML as data: URIs, and in a PDF, which shows them', async () => {
    const html = join(temp.path, 'ridership.html')
    ok(await run('export', id, '--out', html))
    const page = await readFile(html, 'utf8')
    const sources = [...page.matchAll(/<img src="data:image\/(png|jpeg);base64,([^"]+)"/g)].map(([, , base64]) => sha256(Buffer.from(base64!, 'base64')))
    expect(sources).toEqual([sha256(CHART), sha256(PHOTO)])

    const pdf = join(temp.path, 'ridership.pdf')
    ok(await run('export', id, '--out', pdf))
    // pdfimages lists each image the PDF draws: both, at their pixel sizes.
    const listed = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(listed.map((line) => line.trim().split(/\s+/).slice(3, 5).join('×'))).toEqual(['900×500', '480×320'])
    const read = await readPdf(await readFile(pdf))
    expect(read.pages[0]).toContain('Daily trips since the first corridor')
    savePage(await readFile(pdf), 'images-case-study')
  })

  it('exports a Word file holding the images, with their alt text', async () => {
    const out = join(temp.path, 'ridership.docx')
    ok(await run('export', id, '--out', out))
    const zip = await JSZip.loadAsync(await readFile(out))
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/') && !zip.files[name]?.dir)
    expect((await Promise.all(media.map(async (name) => sha256(await zip.file(name)!.async('uint8array'))))).sort()).toEqual(
      [sha256(CHART), sha256(PHOTO)].sort(),
    )
    const document = (await zip.file('word/document.xml')?.async('string')) ?? ''
    expect([...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map(([, alt]) => alt)).toEqual(['Daily trips, 2016 to 2024', 'The station at dawn'])
  })

  it('exports an image this device does not have yet as its alt text, and says so', async () => {
    await rm(join(data, 'library', 'blobs', sha256(CHART)))
    const result = await run('export', id, '--format', 'md')
    expect(result.stderr.split('\n')).toEqual([
      'casebook: one image has not reached this device yet, so its alt text stands in its place; run the app to sync, then export again.',
      'casebook: its image was not written: give --out FILE to write it in images/ beside the Markdown, or --bundle --out FILE.zip.',
      '',
    ])
    expect(result.stdout).toContain('## Results\n\n*Daily trips, 2016 to 2024*\n\nThe new station')
  })

  it('imports a file whose images are missing, on the web or SVG, keeping them as links and naming each on stderr', async () => {
    await writeFile(join(temp.path, 'case', 'logo.svg'), SCRIPTED_SVG)
    await writeFile(join(temp.path, 'case', 'links.md'), '# Links\n\n![Logo](logo.svg)\n\n![Gone](gone.png)\n\n![Map](https://example.org/map.png)\n')
    const result = await run('import', join('case', 'links.md'))
    expect(result.code).toBe(0)
    const file = join('case', 'links.md')
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `casebook: ${file}: 1 image on the web stayed a link: Casebook keeps the images given as files beside the Markdown file.`,
      `casebook: ${file}: The image "logo.svg" became a link: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels, and never SVG, which can carry a script.`,
      `casebook: ${file}: The image "gone.png" became a link: there is no image file at that path beside the Markdown file.`,
    ])
    const links = result.stdout.split(/\s+/)[0] as string
    expect(ok(await run('export', links, '--format', 'md'))).toContain('[Logo](logo.svg)\n\n[Gone](gone.png)\n\n[Map](https://example.org/map.png)')
  })
})
