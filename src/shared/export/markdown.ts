import type { JSONContent, MarkdownToken } from '@tiptap/core'
import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { importWarning, type ImportWarning } from '../importWarning.js'
import { firstHeading } from '../model/documentBody.js'
import type { DocumentMeta } from '../model/meta.js'
import { joinFrontMatter, splitFrontMatter } from './frontMatter.js'
import { markdownExtensions } from './markdownExtensions.js'
import { hoistImages } from './hoistImages.js'
import { type FoundImage, isRemoteImage, withImages } from './markdownImages.js'
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

/**
 * A Markdown file read in two steps, so that the images it gives as paths can be looked for between
 * them: lexed (its text is lexed once), then parsed with what was found at each path.
 */
export interface LexedMarkdown {
  /** The paths of its images that are not on the web (isRemoteImage), each once, as the Markdown gives them. */
  imagePaths: string[]
  /** The document, each path's image taken from `images`; null where no folder could be looked in (the app has only the file's bytes). */
  parse(images: ReadonlyMap<string, FoundImage> | null): ParsedMarkdown
}

/** A Markdown file read with no folder to find its images in: each becomes a link. */
export function fromMarkdown(text: string): ParsedMarkdown {
  return lexMarkdown(text).parse(null)
}

export function lexMarkdown(text: string): LexedMarkdown {
  const { data, body } = splitFrontMatter(text)
  const leftOut: ImportWarning[] = []
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    if ((FRONT_MATTER_FIELDS as readonly string[]).includes(key)) fields[key] = value
    else leftOut.push(importWarning('frontMatterFieldLeftOut', { field: key }, `The front matter field "${key}" is not used by Casebook and was left out.`))
  }
  const lexed = lexCounting(body)
  const sources = lexed.images.map((token) => token.href ?? '')
  const imagePaths = [...new Set(sources.filter((src) => !isRemoteImage(src)))]
  return {
    imagePaths,
    parse(images) {
      const warnings = [...leftOut]
      const { result: doc, fits } = countingFits(() => withImages(images ?? new Map(), () => lexed.parse()))
      const remote = sources.length - sources.filter((src) => !isRemoteImage(src)).length
      if (remote) {
        const sentence = `${plural(remote, 'image', 'on the web stayed a link', 'on the web stayed links')}: Casebook keeps the images given as files beside the Markdown file.`
        warnings.push(importWarning('imagesAsLinks', { count: remote }, sentence))
      }
      warnings.push(...imageWarnings(imagePaths, images))
      if (lexed.counts.html) {
        warnings.push(
          importWarning('rawHtmlAsText', { count: lexed.counts.html }, `${plural(lexed.counts.html, 'piece of raw HTML', 'became', 'became')} plain text.`),
        )
      }
      if (fits.headingsInListItems) {
        const headings =
          fits.headingsInListItems === 1
            ? '1 heading that starts a list item became a paragraph'
            : `${fits.headingsInListItems} headings that start list items became paragraphs`
        const sentence = `${headings}, because a list item in Casebook cannot start with a heading.`
        warnings.push(importWarning('headingsInListItems', { count: fits.headingsInListItems }, sentence))
      }
      const withBlocks = images && [...images.values()].some((image) => 'image' in image) ? hoistImages(doc) : doc
      return { fields, body: withBlocks, firstHeading: firstHeading(withBlocks), warnings }
    },
  }
}

/** What became of the images given as paths that did not become images. */
function imageWarnings(paths: string[], images: ReadonlyMap<string, FoundImage> | null): ImportWarning[] {
  if (!images) {
    if (!paths.length) return []
    const sentence = `${plural(paths.length, 'image', 'given as a file became a link', 'given as files became links')}: the app imports the Markdown file alone, without its folder, so the images beside it could not be read. The command line (casebook import) reads them.`
    return [importWarning('imagesNotRead', { count: paths.length }, sentence)]
  }
  return paths.flatMap((path) => {
    const image = images.get(path)
    if (!image || 'image' in image) return []
    if (image.problem === 'notFound')
      return [
        importWarning('imageNotFound', { name: path }, `The image "${path}" became a link: there is no image file at that path beside the Markdown file.`),
      ]
    const sentence = `The image "${path}" became a link: Casebook keeps PNG, JPEG, WebP and GIF images of at most 20 MB and 100 megapixels, and never SVG, which can carry a script.`
    return [importWarning('imageRefused', { name: path }, sentence)]
  })
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
 * MarkdownManager.parse, step by step: the text lexed, its raw HTML counted and its images listed,
 * then, when asked, parsed. Lexing the text a second time to count them took a third of the import.
 * MarkdownManager has no public way to parse tokens lexed already; tests/unit/export/markdown.test.ts
 * checks that this gives what parse gives.
 */
function lexCounting(markdown: string): { counts: Record<string, number>; images: MarkdownToken[]; parse(): JSONContent } {
  const steps = converter as unknown as ParseSteps
  const lexer = steps.createLexer()
  // Inline text met while parsing is lexed by this lexer, which knows the text's link definitions.
  const withLexer = <T>(run: () => T): T => {
    const previous = steps.activeParseLexer
    steps.activeParseLexer = lexer
    try {
      return run()
    } finally {
      steps.activeParseLexer = previous
    }
  }
  const tokens = withLexer(() => lexer.lex(markdown))
  // Counted before parsing, which might change tokens.
  const images: MarkdownToken[] = []
  const counts = countTokens(tokens, ['html'], (token) => token.type === 'image' && images.push(token))
  return { counts, images, parse: () => withLexer(() => ({ type: 'doc', content: steps.parseTokens(tokens, true) })) }
}

/** How many tokens of each of the given types there are, however deeply nested; each token is also shown to `meet`. */
function countTokens(tokens: MarkdownToken[], types: string[], meet: (token: MarkdownToken) => void): Record<string, number> {
  const counts: Record<string, number> = {}
  const visit = (token: MarkdownToken) => {
    meet(token)
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
