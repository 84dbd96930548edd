import type { JSONContent, MarkdownToken } from '@tiptap/core'
import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { importWarning, type ImportWarning } from '../importWarning.js'
import { firstHeading } from '../model/documentBody.js'
import type { DocumentMeta } from '../model/meta.js'
import { joinFrontMatter, splitFrontMatter } from './frontMatter.js'
import { markdownExtensions } from './markdownExtensions.js'
import { readQuotesSafely } from './readQuotesSafely.js'
import { countingFits } from './readValidMarkdown.js'

/**
 * Markdown both ways. Import and export share one converter built from the schema's extensions, so a
 * Casebook-written Markdown file reads back to the same document. It has a marked instance of its
 * own: without one, TipTap configures the process's shared `marked`, and so would readQuotesSafely.
 */
const converter = new MarkdownManager({ marked: new Marked() as unknown as typeof marked, extensions: markdownExtensions })
readQuotesSafely(converter)

/** The meta fields a Markdown file's front matter may set, in the order export writes them. */
const FRONT_MATTER_FIELDS = ['title', 'kind', 'network', 'city', 'country', 'language', 'topics', 'status', 'authors', 'adaptedFrom'] as const

export interface ParsedMarkdown {
  /** Front matter values for FRONT_MATTER_FIELDS, unvalidated. */
  fields: Record<string, unknown>
  body: JSONContent
  /** The text of the first level-1 heading, a fallback title. */
  firstHeading: string | undefined
  /** What could not be kept exactly. */
  warnings: ImportWarning[]
}

export function fromMarkdown(text: string): ParsedMarkdown {
  const { data, body } = splitFrontMatter(text)
  const warnings: ImportWarning[] = []
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    if ((FRONT_MATTER_FIELDS as readonly string[]).includes(key)) fields[key] = value
    else warnings.push(importWarning('frontMatterFieldLeftOut', { field: key }, `The front matter field "${key}" is not used by Casebook and was left out.`))
  }

  const {
    result: { doc, counts },
    fits,
  } = countingFits(() => parseCounting(body, ['image', 'html']))
  if (counts.image) {
    const sentence = `${plural(counts.image, 'image', 'became a link', 'became links')}, because Casebook documents hold no images yet.`
    warnings.push(importWarning('imagesAsLinks', { count: counts.image }, sentence))
  }
  if (counts.html) {
    warnings.push(importWarning('rawHtmlAsText', { count: counts.html }, `${plural(counts.html, 'piece of raw HTML', 'became', 'became')} plain text.`))
  }
  if (fits.headingsInListItems) {
    const headings =
      fits.headingsInListItems === 1
        ? '1 heading that starts a list item became a paragraph'
        : `${fits.headingsInListItems} headings that start list items became paragraphs`
    const sentence = `${headings}, because a list item in Casebook cannot start with a heading.`
    warnings.push(importWarning('headingsInListItems', { count: fits.headingsInListItems }, sentence))
  }
  return { fields, body: doc, firstHeading: firstHeading(doc), warnings }
}

export function toMarkdown(meta: DocumentMeta, body: JSONContent): string {
  return joinFrontMatter(frontMatterOf(meta), bodyToMarkdown(body))
}

export function bodyToMarkdown(body: JSONContent): string {
  const markdown = converter.serialize(body).trim()
  return markdown ? `${markdown}\n` : ''
}

/** Only fields that say something: unset ones, empty lists and the default status are left out. */
function frontMatterOf(meta: DocumentMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of FRONT_MATTER_FIELDS) {
    const value = meta[field]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    if (field === 'status' && value === 'draft') continue
    out[field] = value
  }
  return out
}

/** What MarkdownManager.parse does with a text, reached through the members it calls (TipTap 3.31.3). */
interface ParseSteps {
  createLexer(): { lex(src: string): MarkdownToken[] }
  activeParseLexer: unknown
  parseTokens(tokens: MarkdownToken[], parseImplicitEmptyParagraphs: boolean): JSONContent[]
}

/**
 * MarkdownManager.parse, step by step, counting the tokens of the given types that it lexes: lexing
 * the text a second time to count them took a third of the import. MarkdownManager has no public way
 * to parse tokens lexed already; tests/unit/export/markdown.test.ts checks that this gives what parse
 * gives.
 */
function parseCounting(markdown: string, types: string[]): { doc: JSONContent; counts: Record<string, number> } {
  const steps = converter as unknown as ParseSteps
  const previous = steps.activeParseLexer
  const lexer = steps.createLexer()
  // Inline text met while parsing is lexed by this lexer, which knows the text's link definitions.
  steps.activeParseLexer = lexer
  try {
    const tokens = lexer.lex(markdown)
    // Counted before parsing, which might change tokens.
    const counts = countTokens(tokens, types)
    return { counts, doc: { type: 'doc', content: steps.parseTokens(tokens, true) } }
  } finally {
    steps.activeParseLexer = previous
  }
}

/** How many tokens of each of the given types there are, however deeply nested. */
function countTokens(tokens: MarkdownToken[], types: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  const visit = (token: MarkdownToken) => {
    if (token.type && types.includes(token.type)) counts[token.type] = (counts[token.type] ?? 0) + 1
    // Block tokens nest inline ones in `tokens`, lists in `items`, tables in `header` and `rows` (rows of cells).
    for (const key of ['tokens', 'items', 'header', 'rows']) {
      const children: unknown = token[key]
      if (Array.isArray(children)) for (const child of children) Array.isArray(child) ? child.forEach(visit) : visit(child as MarkdownToken)
    }
  }
  tokens.forEach(visit)
  return counts
}

function plural(count: number, noun: string, verbOne: string, verbMany: string): string {
  return count === 1 ? `1 ${noun} ${verbOne}` : `${count} ${noun.replace(/^(\w+)/, '$1s')} ${verbMany}`
}
