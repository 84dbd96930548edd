import {
  getExtensionField,
  type AnyExtension,
  type JSONContent,
  type MarkdownParseHelpers,
  type MarkdownLexerConfiguration,
  type MarkdownRendererHelpers,
  type MarkdownToken,
  type MarkdownTokenizer,
  type RenderContext,
} from '@tiptap/core'
import { schema } from '../model/schema.js'
import { firstLines } from './firstLines.js'
import { taskListTokenizer } from './taskListTokenizer.js'

type ParseMarkdown = (token: MarkdownToken, helpers: MarkdownParseHelpers) => unknown

/**
 * The extension, reading any valid Markdown to a body the schema accepts, with all its text. TipTap
 * 3.31.3 reads some valid Markdown to bodies the schema refuses (a list item must start with a
 * paragraph, a quote must hold a block, a text may have one link), and drops some text: fenced code
 * indented by one to three spaces, and the line after a table holding a code span with a pipe. Each
 * fix takes what TipTap made of a token and changes only what is wrong, so it costs next to nothing
 * where nothing is.
 */
export function readValidMarkdown(extension: AnyExtension): AnyExtension {
  switch (extension.name) {
    case 'bulletList':
    case 'orderedList':
      return withParse(extension, (list, token) =>
        list.content ? { ...list, content: list.content.map((item, index) => startWithParagraph(item, token.items?.[index])) } : list,
      )
    case 'listItem':
      return bareMarkerForEmptyLine(extension)
    case 'blockquote':
      return withParse(extension, (quote) => (quote.content?.length ? quote : { ...quote, content: [{ type: 'paragraph', content: [] }] }))
    case 'codeBlock':
      return readIndentedFences(extension)
    case 'link':
      return linkWithoutInnerLinks(extension)
    case 'taskList':
      return extension.extend({ markdownTokenizer: taskListTokenizer })
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
function withParse(extension: AnyExtension, change: (node: JSONContent, token: MarkdownToken) => JSONContent): AnyExtension {
  const parse = getExtensionField<ParseMarkdown>(extension, 'parseMarkdown')
  return extension.extend({
    parseMarkdown: (token: MarkdownToken, helpers: MarkdownParseHelpers) => {
      const node = parse(token, helpers) as JSONContent | JSONContent[]
      return Array.isArray(node) ? node : change(node, token)
    },
  })
}

/**
 * A list item holds blocks, the first a paragraph. Bare text (a task box in a bullet list, a line after
 * a table) is put in paragraphs. A heading on the item's first line (`- # Title`) becomes a paragraph,
 * keeping its text and marks. Before any other first block, or a heading below an empty first line
 * (`-`, then an indented `# Title`), an empty paragraph is put, as the editor does.
 */
function startWithParagraph(item: JSONContent, token: MarkdownToken | undefined): JSONContent {
  if (item.type !== 'listItem') return item
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

/**
 * A link around an image (a badge: `[![build](badge.svg)](https://ci.example)`) would give the image's
 * text two links, as the image becomes a link too. The outer link, where a click on the image leads, is kept.
 */
function linkWithoutInnerLinks(extension: AnyExtension): AnyExtension {
  const parse = getExtensionField<ParseMarkdown>(extension, 'parseMarkdown')
  return extension.extend({
    parseMarkdown: (token: MarkdownToken, helpers: MarkdownParseHelpers) => {
      const link = parse(token, helpers) as ReturnType<MarkdownParseHelpers['applyMark']>
      const content = link.content.map((node) => (node.marks ? { ...node, marks: node.marks.filter((mark) => mark.type !== 'link') } : node))
      return { ...link, content }
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
  const tokenizer = getExtensionField<MarkdownTokenizer>(extension, 'markdownTokenizer')
  return extension.extend({
    markdownTokenizer: {
      ...tokenizer,
      tokenize: (src: string, tokens: MarkdownToken[], lexer: MarkdownLexerConfiguration) => {
        const table = tokenizer.tokenize(src, tokens, lexer)
        return table && { ...table, raw: firstLines(src, 2 + (table.rows as unknown[]).length) }
      },
    },
  })
}
