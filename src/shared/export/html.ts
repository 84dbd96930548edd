import type { JSONContent } from '@tiptap/core'
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string'
import { KINDS } from '../model/kinds.js'
import type { DocumentMeta } from '../model/meta.js'
import { schemaExtensions } from '../model/schema.js'

/**
 * A complete, standalone HTML page for a document: the stylesheet is inlined so the file can be
 * mailed, published or printed to PDF as it is.
 */
export function toHtml(meta: DocumentMeta, body: JSONContent, stylesheet: string): string {
  const place = [meta.city, meta.country].filter((part) => part !== undefined).join(', ')
  const facts = [KINDS[meta.kind].label, place, meta.network ?? '']
    .filter((part) => part !== '')
    .map(escapeHtml)
    .join(' · ')
  const topics = meta.topics.length ? `<p class="topics">${meta.topics.map((topic) => `<span>${escapeHtml(topic)}</span>`).join(' ')}</p>` : ''
  const authors = meta.authors.length ? `<p class="authors">${escapeHtml(meta.authors.join(', '))}</p>` : ''
  // The page's language picks the fonts and hyphenation a browser uses: Chinese shown as Japanese, say, looks wrong.
  return `<!doctype html>
<html lang="${meta.language ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Casebook">
<title>${escapeHtml(meta.title)}</title>
<style>
${stylesheet.replace(/<\/style/gi, '<\\/style')}
</style>
</head>
<body>
<article>
<header>
<p class="facts">${facts}</p>
<h1>${escapeHtml(meta.title)}</h1>
${authors}${topics}
</header>
${renderToHTMLString({ extensions: schemaExtensions, content: body })}
</article>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
