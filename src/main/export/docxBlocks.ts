import type { JSONContent } from '@tiptap/core'
import {
  BorderStyle,
  HeadingLevel,
  ImageRun,
  type IParagraphOptions,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { type DocxNumbering, HANGING, listIndent } from './DocxNumbering.js'
import { commentMarks, docxRuns, type RunBase } from './docxRuns.js'
import { CELL_MARGINS, HEADER_FILL, TABLE_BORDERS, TEXT_HEIGHT, TEXT_WIDTH } from './docxStyles.js'
import { missingImage } from '../../shared/export/exportImages.js'
import { imageFileName } from '../../shared/export/markdownImages.js'
import type { ImageAttrs } from '../../shared/model/extensions/image.js'
import type { WordImage } from './wordImages.js'

export type DocxBlock = Paragraph | Table

/** Where a block stands. */
interface Place {
  /** The level of the list item it is in; -1 outside lists. */
  level: number
  /** The numbering definition of the numbered list it is directly in. */
  numbered: string | undefined
  quote: boolean
  /** What its runs take from where they stand (a header cell's bold). */
  run: RunBase
  /** The images the body names, by their blobs' hashes, as Word reads them (wordImages). */
  images: ReadonlyMap<string, WordImage>
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const

/** A body's blocks as Word's, in the package's default styles and those of docxStyles, with its `images`. */
export function docxBlocks(body: JSONContent, numbering: DocxNumbering, images: ReadonlyMap<string, WordImage> = new Map()): DocxBlock[] {
  return blocks(body.content, { level: -1, numbered: undefined, quote: false, run: {}, images }, numbering)
}

function blocks(nodes: JSONContent[] | undefined, place: Place, numbering: DocxNumbering): DocxBlock[] {
  return (nodes ?? []).flatMap((node) => block(node, place, numbering))
}

function block(node: JSONContent, place: Place, numbering: DocxNumbering): DocxBlock[] {
  switch (node.type) {
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.['level']) || 1, 1), HEADINGS.length)
      return [new Paragraph({ heading: HEADINGS[level - 1], children: docxRuns(node.content) })]
    }
    case 'blockquote':
      return blocks(node.content, { ...place, quote: true }, numbering)
    case 'codeBlock':
      return [codeBlock(node, place)]
    case 'horizontalRule':
      return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'A6A6A6', space: 1 } } })]
    case 'bulletList':
      return list(node, place, numbering, numbering.bulletList, false)
    case 'orderedList': {
      // A list nested in a numbered list counts on that list's definition, a level down.
      const reference = place.numbered ?? numbering.orderedList(Number(node.attrs?.['start']) || 1)
      return list(node, place, numbering, reference, true)
    }
    case 'taskList':
      return list(node, place, numbering, null, false)
    case 'table':
      return [table(node, place, numbering)]
    case 'image':
      return image(node.attrs as ImageAttrs, place)
    default:
      return [paragraph(node.content, place)]
  }
}

/**
 * A list's items: each item's first paragraph carries its number, bullet or box, and what follows it
 * in the item is indented to its text.
 */
function list(node: JSONContent, outer: Place, numbering: DocxNumbering, reference: string | null, numbered: boolean): DocxBlock[] {
  const level = outer.level + 1
  const inItem: Place = { ...outer, level, numbered: numbered ? (reference ?? undefined) : undefined }
  return (node.content ?? []).flatMap((item) => {
    const [first, ...rest] = item.content ?? []
    const lead = first?.type === 'paragraph' ? first.content : undefined
    const marker: IParagraphOptions = reference ? { numbering: { reference, level } } : { indent: { left: listIndent(level), hanging: HANGING } }
    const box = reference ? [] : [new TextRun({ children: [item.attrs?.['checked'] ? '☑' : '☐', new Tab()] })]
    const head = new Paragraph({ ...paragraphOptions(outer), ...marker, children: [...box, ...docxRuns(lead, outer.run)] })
    return [head, ...blocks(first?.type === 'paragraph' ? rest : item.content, inItem, numbering)]
  })
}

function paragraph(inline: JSONContent[] | undefined, place: Place): Paragraph {
  return new Paragraph({ ...paragraphOptions(place), ...indentOf(place), children: docxRuns(inline, place.run) })
}

/** A code block line by line, each line after the first on a line break; a comment's marks split a line into runs. */
function codeBlock(node: JSONContent, place: Place): Paragraph {
  const children: ParagraphChild[] = []
  let text = ''
  const flush = () => {
    for (const [index, line] of text.split('\n').entries()) {
      // The first line is a run even when empty, as it always was; after a mark, only text makes one.
      if (index > 0 || line || children.length === 0) children.push(new TextRun({ text: line, ...(index > 0 && { break: 1 }) }))
    }
    text = ''
  }
  for (const child of node.content ?? []) {
    const marks = commentMarks(child)
    if (!marks) {
      text += child.text ?? ''
      continue
    }
    flush()
    children.push(...marks)
  }
  flush()
  return new Paragraph({ style: 'CodeBlock', ...indentOf(place), children })
}

function paragraphOptions(place: Place): IParagraphOptions {
  return place.quote ? { style: 'Quote' } : {}
}

function indentOf(place: Place): IParagraphOptions {
  return place.level >= 0 ? { indent: { left: listIndent(place.level) } } : {}
}

/** Word's pixels: 1/96 inch, 15 twips. */
const TWIPS_PER_PIXEL = 15

/**
 * The id of the next picture's properties, which must differ from every other picture's in a file
 * (the docx package gives each 1): counted over the process, so that a report's chapters, each
 * written on its own, never share one.
 */
let pictureId = 0

function nextPictureId(): string {
  pictureId = (pictureId % 0x7fffffff) + 1
  return String(pictureId)
}

/**
 * An image at its size, made smaller to fit the text's width where it stands (less a list's indent)
 * and most of a page's height, its shape kept; its alt text as Word's (which Word reads aloud, and an
 * import reads back), its caption in a paragraph under it, in Word's Caption style. One this device
 * does not have stands as its alt text (missingImage).
 */
function image(attrs: ImageAttrs, place: Place): Paragraph[] {
  const word = place.images.get(attrs.blob)
  if (!word) return [paragraph(missingImage(attrs).content, place)]
  const width = (TEXT_WIDTH - (place.level >= 0 ? listIndent(place.level) : 0)) / TWIPS_PER_PIXEL
  const scale = Math.min(1, width / attrs.width, (0.85 * TEXT_HEIGHT) / TWIPS_PER_PIXEL / attrs.height)
  const run = new ImageRun({
    type: word.type,
    data: word.data,
    transformation: { width: Math.max(1, Math.round(attrs.width * scale)), height: Math.max(1, Math.round(attrs.height * scale)) },
    altText: { id: nextPictureId(), name: imageFileName(attrs), description: attrs.alt, title: attrs.alt },
  })
  const picture = new Paragraph({ ...indentOf(place), ...(attrs.caption && { keepNext: true }), children: [run] })
  return attrs.caption ? [picture, new Paragraph({ style: 'Caption', ...indentOf(place), children: [new TextRun(attrs.caption)] })] : [picture]
}

/** A table across the text's width, its columns alike; a first row of header cells is bold and repeats on each page. */
function table(node: JSONContent, place: Place, numbering: DocxNumbering): Table {
  const rows = node.content ?? []
  const columns = Math.max(1, ...rows.map((row) => (row.content ?? []).reduce((sum, cell) => sum + span(cell, 'colspan'), 0)))
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => Math.floor(TEXT_WIDTH / columns)),
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: rows.map((row) => {
      const cells = row.content ?? []
      return new TableRow({
        ...(cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader') && { tableHeader: true }),
        children: cells.map((cell) => {
          const header = cell.type === 'tableHeader'
          const children = blocks(
            cell.content,
            { level: -1, numbered: undefined, quote: false, run: header ? { bold: true } : {}, images: place.images },
            numbering,
          )
          return new TableCell({
            children: children.length ? children : [new Paragraph({})],
            ...(header && { shading: { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } }),
            ...(span(cell, 'colspan') > 1 && { columnSpan: span(cell, 'colspan') }),
            ...(span(cell, 'rowspan') > 1 && { rowSpan: span(cell, 'rowspan') }),
          })
        }),
      })
    }),
  })
}

function span(cell: JSONContent, attr: 'colspan' | 'rowspan'): number {
  const value = Number(cell.attrs?.[attr])
  return Number.isSafeInteger(value) && value > 1 ? value : 1
}
