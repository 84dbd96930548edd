import type { JSONContent } from '@tiptap/core'
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string'
import type { DocumentMeta } from '../model/meta.js'
import { schemaExtensions } from '../model/schema.js'
import { documentDetails } from './documentDetails.js'
import { escapeHtml } from './escapeHtml.js'
import { htmlExtensions, imageBlobs, type ImageSources } from './exportImages.js'
import type { Paper } from './exportFormat.js'

const PAGE_SIZES: Record<Paper, string> = { a4: 'A4', letter: 'letter' }

/** For an export given no images: each stands as its alt text. */
const NO_IMAGES: ImageSources = () => undefined

/**
 * A complete, standalone HTML page for a document: the stylesheet is inlined so the file can be
 * mailed, published or printed to PDF as it is. Its header gives the title and the document's
 * details; printed, its pages are of the paper given.
 */
export function toHtml(meta: DocumentMeta, body: JSONContent, stylesheet: string, paper: Paper = 'a4', images: ImageSources = NO_IMAGES): string {
  return htmlPage({ title: meta.title, language: meta.language ?? 'en', authors: meta.authors, stylesheet, paper }, articleHtml(meta, body, undefined, images))
}

export interface PageHead {
  title: string
  /** The page's language picks the fonts and hyphenation a browser uses: Chinese shown as Japanese, say, looks wrong. */
  language: string
  authors: string[]
  stylesheet: string
  paper: Paper
}

/**
 * A standalone page around `content`, its stylesheet inlined, laid out for the paper given when
 * printed. Its Content-Security-Policy lets it load and run nothing but its own styles and the images
 * it holds (data: URIs), wherever it is opened: in a browser, or in the window that prints it.
 */
export function htmlPage({ title, language, authors, stylesheet, paper }: PageHead, content: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Casebook">
${authors.length ? `<meta name="author" content="${escapeHtml(authors.join(', '))}">\n` : ''}<title>${escapeHtml(title)}</title>
<style>
${stylesheet.replace(/<\/style/gi, '<\\/style')}
@page { size: ${PAGE_SIZES[paper]}; }
</style>
</head>
<body>
${content}
</body>
</html>
`
}

/** A document as an article: a header of its title and details, then its body, its images from `images`. `id` names it, for a link to it. */
export function articleHtml(meta: DocumentMeta, body: JSONContent, id?: string, images: ImageSources = NO_IMAGES): string {
  const details = documentDetails(meta)
    .map(({ label, value }) => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`)
    .join('\n')
  return `<article${id ? ` id="${escapeHtml(id)}"` : ''}${meta.language ? ` lang="${escapeHtml(meta.language)}"` : ''}>
<header>
<h1>${escapeHtml(meta.title)}</h1>
<dl class="details">
${details}
</dl>
</header>
${renderToHTMLString({ extensions: imageBlobs(body).length ? htmlExtensions(images) : schemaExtensions, content: body })}
</article>`
}
