import {
  getExtensionField,
  type AnyExtension,
  type JSONContent,
  type MarkdownParseHelpers,
  type MarkdownRendererHelpers,
  type MarkdownToken,
  type MarkdownTokenizer,
  type RenderContext,
} from '@tiptap/core'
import { schema } from '../model/schema.js'
import { firstLines, upToLineThatEnds } from './lines.js'
import { ORDERED_ITEM } from './orderedItem.js'
import { taskListTokenizer } from './taskListTokenizer.js'

type ParseMarkdown = (token: MarkdownToken, helpers: MarkdownParseHelpers) => unknown

/**
 * The extension, reading any valid Markdown to a body the schema accepts, with all its text. TipTap
 * 3.31.3 reads some valid Markdown to bodies the schema refuses (a list item must start with a
 * paragraph, a quote must hold a block, code holds no other mark, text no two marks of a type), and
 * drops some text: fenced code indented by one to three spaces, the line after a table holding a code
 * span with a pipe, ordered items indented less than the item before them, and the first letters of a
 * line indented by one space under a task (see taskListTokenizer.ts). Each fix takes what TipTap made
 * of a token and changes only what is wrong, so it costs next to nothing where nothing is.
 */
export function readValidMarkdown(extension: AnyExtension): AnyExtension {
  if (extension.type === 'mark') return markWhereItFits(extension)
  switch (extension.name) {
    case 'bulletList':
      return withItemsFitted(extension)
    case 'orderedList':
      return withItemsFitted(orderedItemsInLevels(extension))
    case 'taskList':
      return withItemsFitted(extension.extend({ markdownTokenizer: taskListTokenizer }))
    case 'listItem':
      return bareMarkerForEmptyLine(extension)
    case 'blockquote':
      return withParse(extension, (quote) => (quote.content?.length ? quote : { ...quote, content: [{ type: 'paragraph', content: [] }] }))
    case 'codeBlock':
      return readIndentedFences(extension)
    case 'table':
      return tableRawFromRows(extension)
    default:
      return extension
  }
}

/** What the Markdown reader changed to fit the schema at the cost of some structure. */
export interface Fits {
  /** Headings at the start of a list item, now paragraphs. */
  headingsInListItems: number
}

let fits: Fits = { headingsInListItems: 0 }

/** Runs `read` (a parse with extensions from readValidMarkdown), counting the fits it made. */
export function countingFits<T>(read: () => T): { result: T; fits: Fits } {
  const previous = fits
  fits = { headingsInListItems: 0 }
  try {
    return { result: read(), fits }
  } finally {
    fits = previous
  }
}

/** The extension, with what its Markdown parse makes of a node (not of declined tokens) changed by `change`. */
function withParse(extension: AnyExtension, change: (node: JSONContent, token: MarkdownToken) => JSONContent | JSONContent[]): AnyExtension {
  const parse = getExtensionField<ParseMarkdown>(extension, 'parseMarkdown')
  return extension.extend({
    parseMarkdown: (token: MarkdownToken, helpers: MarkdownParseHelpers) => {
      const node = parse(token, helpers) as JSONContent | JSONContent[]
      return Array.isArray(node) ? node : change(node, token)
    },
  })
}

function withItemsFitted(list: AnyExtension): AnyExtension {
  return withParse(list, (node, token) => {
    if (!node.content) return node
    const fitted = { ...node, content: node.content.map((item, index) => startWithParagraph(item, token.items?.[index])) }
    return node.type === 'bulletList' ? emptyTasksApart(fitted, token) : fitted
  })
}

/** The box of an empty task item (`- [ ]`), which marked reads as text when the list starts with a bullet. */
const EMPTY_TASK = /^\[([ xX])\][ \t]*(?:\n|$)/

/**
 * A bullet list holding empty tasks (`- a`, then `- [ ]`), as a bullet list, a task list and so on:
 * the tasks with text were so split by TipTap already.
 */
function emptyTasksApart(list: JSONContent, token: MarkdownToken): JSONContent | JSONContent[] {
  const boxes = (token.items ?? []).map((item: MarkdownToken) => EMPTY_TASK.exec(item.text ?? ''))
  if (!boxes.some(Boolean)) return list
  const lists: JSONContent[] = []
  list.content?.forEach((item, index) => {
    // Only a box alone on its line: the item's first paragraph holds nothing else to lose.
    const first = item.content?.[0]?.content
    const box = first?.length === 1 && /^\[[ xX]\]\s*$/.test(first[0]?.text ?? '') ? boxes[index] : null
    const type = box ? 'taskList' : 'bulletList'
    const node = box
      ? { type: 'taskItem', attrs: { checked: box[1] !== ' ' }, content: [{ type: 'paragraph', content: [] }, ...(item.content ?? []).slice(1)] }
      : item
    const last = lists.at(-1)
    if (last?.type === type) last.content!.push(node)
    else lists.push({ type, content: [node] })
  })
  return lists
}

/**
 * TipTap's ordered list drops an item indented less than the one before it, unless it is as indented
 * as an item it is nested in (`   2. two` after `1. 1. one`, then `\t1. three`: `2. two` was lost).
 * The list is read up to such an item, which starts a list of its own.
 */
function orderedItemsInLevels(extension: AnyExtension): AnyExtension {
  return withTokenize(extension, (tokenize) => (src, tokens, lexer) => {
    const first = ORDERED_ITEM.exec(firstLines(src, 1))
    if (!first) return tokenize(src, tokens, lexer)
    const levels = [first[1]!.length]
    const outOfLevel = (line: string) => {
      const indent = ORDERED_ITEM.exec(line)?.[1]?.length
      if (indent === undefined || indent === levels.at(-1)) return false
      if (indent > levels.at(-1)!) {
        levels.push(indent)
        return false
      }
      while (levels.length && levels.at(-1)! > indent) levels.pop()
      return levels.at(-1) !== indent
    }
    return tokenize(upToLineThatEnds(src, outOfLevel), tokens, lexer)
  })
}

type Tokenize = MarkdownTokenizer['tokenize']

/** The extension, with its Markdown tokenizer's tokenize function made by `change` from the one it had. */
function withTokenize(extension: AnyExtension, change: (tokenize: Tokenize) => Tokenize): AnyExtension {
  const tokenizer = getExtensionField<MarkdownTokenizer>(extension, 'markdownTokenizer')
  return extension.extend({ markdownTokenizer: { ...tokenizer, tokenize: change(tokenizer.tokenize) } })
}

/**
 * A list or task item holds blocks, the first a paragraph. Bare text (a task box in a bullet list, a
 * line after a table, a lazy line in a task) is put in paragraphs. A heading on the item's first line (`- # Title`) becomes a paragraph,
 * keeping its text and marks. Before any other first block, or a heading below an empty first line
 * (`-`, then an indented `# Title`), an empty paragraph is put, as the editor does.
 */
function startWithParagraph(item: JSONContent, token: MarkdownToken | undefined): JSONContent {
  if (item.type !== 'listItem' && item.type !== 'taskItem') return item
  const content = item.content?.some(isInline) ? inParagraphs(item.content) : (item.content ?? [])
  const first = content[0]
  if (first?.type === 'paragraph') return content === item.content ? item : { ...item, content }
  if (first?.type === 'heading' && !opensWithEmptyLine(token)) {
    fits.headingsInListItems++
    return { ...item, content: [{ type: 'paragraph', content: first.content ?? [] }, ...content.slice(1)] }
  }
  return { ...item, content: [{ type: 'paragraph', content: [] }, ...content] }
}

function isInline(node: JSONContent): boolean {
  return schema.nodes[node.type ?? '']?.isInline === true
}

/** The nodes, each run of inline ones in a paragraph of its own. */
function inParagraphs(nodes: JSONContent[]): JSONContent[] {
  const blocks: JSONContent[] = []
  let run: JSONContent[] | undefined
  for (const node of nodes) {
    if (!isInline(node)) {
      blocks.push(node)
      run = undefined
    } else if (run) {
      run.push(node)
    } else {
      run = [node]
      blocks.push({ type: 'paragraph', content: run })
    }
  }
  return blocks
}

/** Whether the item's first line holds only its marker. */
function opensWithEmptyLine(token: MarkdownToken | undefined): boolean {
  return /^\s*\S+\s*$/.test(token?.raw?.split('\n', 1)[0] ?? '')
}

type RenderMarkdown = (node: JSONContent, helpers: MarkdownRendererHelpers, context: RenderContext) => string

/**
 * A bullet item whose first paragraph is empty (as startWithParagraph makes) is written as a bare `-`:
 * marked (17.0.6) reads a `- ` that ends its line as text, and the list below it as another list.
 */
function bareMarkerForEmptyLine(extension: AnyExtension): AnyExtension {
  const render = getExtensionField<RenderMarkdown>(extension, 'renderMarkdown')
  return extension.extend({
    renderMarkdown: (node: JSONContent, helpers: MarkdownRendererHelpers, context: RenderContext) => render(node, helpers, context).replace(/^- (?=\n|$)/, '-'),
  })
}

/** TipTap reads only fences that start their line; CommonMark lets them be indented by up to three spaces. */
function readIndentedFences(extension: AnyExtension): AnyExtension {
  const parse = getExtensionField<ParseMarkdown>(extension, 'parseMarkdown')
  return extension.extend({
    parseMarkdown: (token: MarkdownToken, helpers: MarkdownParseHelpers) =>
      parse(token.codeBlockStyle === 'indented' ? token : { ...token, raw: token.raw?.trimStart() }, helpers),
  })
}

type MarkResult = ReturnType<MarkdownParseHelpers['applyMark']>

/**
 * TipTap puts a mark on all the text inside it, though the schema lets code hold no other mark, and
 * text no two of a type: `**`x`**`, `[`x`](url)`, `*a *b* c*` and a link around an image (which
 * becomes a link) were refused. Where the mark cannot go, the inner marks stay, but for a link: it
 * replaces an inner link (where a click on a badge leads) and code (the address is worth more than the
 * type face).
 */
function markWhereItFits(extension: AnyExtension): AnyExtension {
  const parse = getExtensionField<ParseMarkdown>(extension, 'parseMarkdown')
  if (!parse) return extension
  return extension.extend({
    parseMarkdown: (token: MarkdownToken, helpers: MarkdownParseHelpers) => {
      const result = parse(token, helpers) as MarkResult
      if (!result?.mark || !result.content.some((node) => node.marks?.length)) return result
      const mark = schema.marks[result.mark]!
      const added = { type: result.mark, ...(result.attrs ? { attrs: result.attrs } : {}) }
      return result.content.map((node) => {
        if (node.type !== 'text') return node
        const marks = node.marks ?? []
        if (mark.name === 'link') return { ...node, marks: [...marks.filter((inner) => inner.type !== 'link' && inner.type !== 'code'), added] }
        const clashes = marks.some((inner) => mark.excludes(schema.marks[inner.type]!) || schema.marks[inner.type]!.excludes(mark))
        return clashes ? node : { ...node, marks: [...marks, added] }
      })
    },
  })
}

/**
 * A table whose code spans hold pipes is read again by TipTap with the pipes escaped, and its source
 * counted in lines from the table that gives: one too many when a line follows the table, which was
 * lost (`- item` right after the table). A table takes a line for its head, one for its delimiter and
 * one for each row.
 */
function tableRawFromRows(extension: AnyExtension): AnyExtension {
  return withTokenize(extension, (tokenize) => (src, tokens, lexer) => {
    const table = tokenize(src, tokens, lexer)
    return table && { ...table, raw: firstLines(src, 2 + (table.rows as unknown[]).length) }
  })
}
