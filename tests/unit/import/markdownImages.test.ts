import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { convertFile } from '../../../src/main/import/convertFile.js'
import { sha256 } from '../../../src/main/library/blobStore.js'
import { warningText } from '../../../src/renderer/i18n/warningText.js'
import { readBody } from '../../../src/shared/model/documentBody.js'
import { englishT } from '../../helpers/englishT.js'
import { jpegImage, pngImage, SCRIPTED_SVG } from '../../helpers/images.js'
import { useTempDir } from '../../helpers/tempDir.js'

const CHART = pngImage(64, 48, 1)
const PHOTO = jpegImage(30, 20, 2)

async function imported(markdown: string, folder: string | undefined) {
  const file = await convertFile({ name: 'case.md', bytes: new TextEncoder().encode(markdown), folder })
  const doc = new Y.Doc()
  Y.applyUpdate(doc, file.document.state)
  return { ...file, body: readBody(doc) }
}

/** Each block as its type and, for an image, its attributes, and for text, its text and links. */
function blocks(body: JSONContent): unknown[] {
  const text = (node: JSONContent): string => {
    const link = node.marks?.find((mark) => mark.type === 'link')?.attrs?.['href']
    return node.text !== undefined ? (link ? `[${node.text}](${link})` : node.text) : (node.content ?? []).map(text).join('')
  }
  return (body.content ?? []).map((node) => (node.type === 'image' ? node.attrs : `${node.type}: ${text(node)}`))
}

describe('Markdown images', () => {
  const temp = useTempDir()

  it('reads each image given as a path from beside the file, checks it and names it by its hash, with its alt text and title', async () => {
    await mkdir(join(temp.path, 'case', 'figures'), { recursive: true })
    await writeFile(join(temp.path, 'case', 'figures', 'ridership chart.png'), CHART)
    await writeFile(join(temp.path, 'photo.jpg'), PHOTO)
    const markdown = [
      '## Results',
      '![Daily trips, 2016 to 2024](figures/ridership%20chart.png "Ridership since the first corridor")',
      'The new station ![The station at dawn](../photo.jpg) opened in 2019.',
      '- A list item',
      '- ![Again, in an item](figures/ridership%20chart.png)',
    ].join('\n\n')
    const file = await imported(markdown, join(temp.path, 'case'))
    const chart = { blob: sha256(CHART), type: 'png', width: 64, height: 48 }
    const photo = { blob: sha256(PHOTO), type: 'jpeg', width: 30, height: 20, alt: 'The station at dawn', caption: '' }
    expect(blocks(file.body)).toEqual([
      'heading: Results',
      { ...chart, alt: 'Daily trips, 2016 to 2024', caption: 'Ridership since the first corridor' },
      // An image in the text stands between the text before it and the text after it.
      'paragraph: The new station',
      photo,
      'paragraph: opened in 2019.',
      'bulletList: A list item',
    ])
    // An item that starts with an image starts with an empty paragraph, as the schema wants.
    expect(file.body.content?.at(-1)?.content?.[1]?.content).toEqual([
      { type: 'paragraph' },
      { type: 'image', attrs: { ...chart, alt: 'Again, in an item', caption: '' } },
    ])
    // Each image once, its bytes as read, for the library to store.
    expect(file.images.map(({ hash, bytes }) => [hash, Buffer.from(bytes).equals(hash === chart.blob ? CHART : PHOTO)])).toEqual([
      [chart.blob, true],
      [photo.blob, true],
    ])
    expect(file.warnings).toEqual([])
  })

  it('leaves an image on the web, a missing one, one that is no image or SVG, and anything but a regular file as a link, and names each', async () => {
    await mkdir(join(temp.path, 'a folder.png'))
    await writeFile(join(temp.path, 'logo.svg'), SCRIPTED_SVG)
    await writeFile(join(temp.path, 'notes.png'), 'not an image')
    await symlink('/dev/zero', join(temp.path, 'zero.png'))
    const markdown = [
      '![On the web](https://example.org/a.png) and ![no scheme](//example.org/b.png)',
      '![Missing](missing.png)',
      '![Logo](logo.svg)',
      '![Notes](notes.png)',
      '![A folder](a%20folder.png)',
      '![Zeros](zero.png)',
    ].join('\n\n')
    const file = await imported(markdown, temp.path)
    expect(blocks(file.body)).toEqual([
      'paragraph: [On the web](https://example.org/a.png) and [no scheme](//example.org/b.png)',
      'paragraph: [Missing](missing.png)',
      'paragraph: [Logo](logo.svg)',
      'paragraph: [Notes](notes.png)',
      'paragraph: [A folder](a%20folder.png)',
      'paragraph: [Zeros](zero.png)',
    ])
    expect(file.images).toEqual([])
    expect(file.warnings.map(({ code, params, message }) => [code, params, message])).toEqual([
      ['imagesAsLinks', { count: 2 }, '2 images on the web stayed links: Casebook keeps the images given as files beside the Markdown file.'],
      ['imageNotFound', { name: 'missing.png' }, 'The image "missing.png" became a link: there is no image file at that path beside the Markdown file.'],
      [
        'imageRefused',
        { name: 'logo.svg' },
        'The image "logo.svg" became a link: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels, and never SVG, which can carry a script.',
      ],
      [
        'imageRefused',
        { name: 'notes.png' },
        'The image "notes.png" became a link: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels, and never SVG, which can carry a script.',
      ],
      ['imageNotFound', { name: 'a%20folder.png' }, 'The image "a%20folder.png" became a link: there is no image file at that path beside the Markdown file.'],
      ['imageNotFound', { name: 'zero.png' }, 'The image "zero.png" became a link: there is no image file at that path beside the Markdown file.'],
    ])
    // The window says each as the command line does.
    const t = await englishT()
    expect(file.warnings.map((warning) => warningText(t, warning))).toEqual(file.warnings.map((warning) => warning.message))
  })

  it('leaves every image as a link where only the file’s bytes were given (the app), saying why', async () => {
    await writeFile(join(temp.path, 'chart.png'), CHART)
    const file = await imported('![Chart](chart.png)\n\n![Again](chart.png) ![Web](https://example.org/c.png)\n', undefined)
    expect(blocks(file.body)).toEqual(['paragraph: [Chart](chart.png)', 'paragraph: [Again](chart.png) [Web](https://example.org/c.png)'])
    expect(file.images).toEqual([])
    expect(file.warnings.map(({ code, params }) => [code, params])).toEqual([
      ['imagesAsLinks', { count: 1 }],
      ['imagesNotRead', { count: 1 }],
    ])
    expect(file.warnings[1]?.message).toBe(
      '1 image given as a file became a link: the app imports the Markdown file alone, without its folder, so the images beside it could not be read. The command line (casebook import) reads them.',
    )
  })
})
