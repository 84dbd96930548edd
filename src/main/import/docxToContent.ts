import { generateJSON } from '@tiptap/html/server'
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { CasebookError } from '../../shared/errors.js'
import { importWarning } from '../../shared/importWarning.js'
import { firstHeading } from '../../shared/model/documentBody.js'
import { schemaExtensions } from '../../shared/model/schema.js'
import { checkDocxParts } from './checkDocxParts.js'
import type { Converted } from './convertFile.js'
import { DocxImages } from './docxImages.js'
import { type DocxProperties, docxProperties } from './docxProperties.js'

/** Past this, a part of a Word file (its text, styles, an image) is refused before it is read. */
const MAX_UNPACKED_PART_BYTES = 50 << 20

/** Word's styles for what a Casebook body holds and mammoth does not map by itself: the styles Casebook's own Word files use. */
const STYLE_MAP = ["p[style-name='Quote'] => blockquote > p:fresh", "p[style-name='Code Block'] => pre:fresh", "r[style-name='Code Char'] => code"]

/**
 * Word documents go through HTML (mammoth), then the shared schema's own HTML parsing rules. A
 * paragraph in Word's Title style is the document's title, unless the file's properties name one;
 * the table of details that Casebook's own Word files open with is read from their properties instead.
 * Its images are kept, with their alt text, where Casebook keeps their kind (docxImages.ts).
 */
export async function docxToContent(data: Buffer): Promise<Converted> {
  checkDocxParts(data, MAX_UNPACKED_PART_BYTES)
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>
  let properties: DocxProperties
  const titles: string[] = []
  const images = new DocxImages()
  try {
    properties = await docxProperties(await JSZip.loadAsync(data))
    result = await mammoth.convertToHtml(
      { buffer: data },
      { convertImage: images.convertImage, styleMap: STYLE_MAP, transformDocument: (document: MammothElement) => withoutTitles(document, titles) },
    )
  } catch (error) {
    throw new CasebookError('INVALID_FILE', 'It is not a readable Word document (.docx).', { cause: error, reason: 'notDocx' })
  }
  const body = images.placed(generateJSON(images.marked(result.value), schemaExtensions))
  const warnings = result.messages
    .filter((message) => message.type === 'warning')
    .map((message) => importWarning('wordMessage', { message: message.message }, `Word: ${message.message}`))
  if (images.leftOut) {
    const sentence = `${images.leftOut === 1 ? '1 image was' : `${images.leftOut} images were`} left out: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels (not SVG, EMF or WMF).`
    warnings.push(importWarning('imagesLeftOut', { count: images.leftOut }, sentence))
  }
  return {
    fields: properties.fields,
    body,
    titleFromContent: titles[0] ?? firstHeading(body),
    warnings: [...properties.warnings, ...warnings],
    images: images.kept(),
  }
}

/** What this file reads of mammoth's document elements (its transforms' API, which it calls unstable). */
interface MammothElement {
  type: string
  styleId?: string | null
  value?: string
  children?: MammothElement[]
}

/** The document without its Title paragraphs (their texts pushed to `titles`) and Casebook's table of details. */
function withoutTitles(document: MammothElement, titles: string[]): MammothElement {
  const children = (document.children ?? []).filter((element) => {
    if (element.type === 'paragraph' && element.styleId === 'Title') {
      const text = textOf(element).trim()
      if (text) titles.push(text)
      return false
    }
    return !(element.type === 'table' && firstParagraph(element)?.styleId === 'DetailLabel')
  })
  return { ...document, children }
}

function textOf(element: MammothElement): string {
  return element.type === 'text' ? (element.value ?? '') : (element.children ?? []).map(textOf).join('')
}

function firstParagraph(element: MammothElement): MammothElement | undefined {
  if (element.type === 'paragraph') return element
  for (const child of element.children ?? []) {
    const found = firstParagraph(child)
    if (found) return found
  }
  return undefined
}
