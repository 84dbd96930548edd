import { unescapeXml } from '../../src/main/import/unescapeXml.js'

export interface WordComment {
  id: number
  author: string
  date: string
  /** Its paragraphs' text, a line each. */
  text: string
}

/** The comments of a Word file's word/comments.xml, in order. */
export function wordComments(xml: string): WordComment[] {
  return [...xml.matchAll(/<w:comment ([^>]*)>([\s\S]*?)<\/w:comment>/g)].map(([, attributes = '', inner = '']) => {
    const attribute = (name: string) => unescapeXml(new RegExp(`w:${name}="([^"]*)"`).exec(attributes)?.[1] ?? '')
    return { id: Number(attribute('id')), author: attribute('author'), date: attribute('date'), text: textOf(inner) }
  })
}

/** The text between a comment's range start and end in word/document.xml: paragraphs and line breaks as new lines. */
export function wordTextBetween(xml: string, id: number): string {
  const start = xml.indexOf(`<w:commentRangeStart w:id="${id}"/>`)
  const end = xml.indexOf(`<w:commentRangeEnd w:id="${id}"/>`)
  if (start < 0 || end < start) throw new Error(`comment ${id} has no range in the document`)
  return textOf(xml.slice(start, end))
}

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>|<\/w:p>/g)]
    .map(([tag, text]) => (text !== undefined ? unescapeXml(text) : tag === '<w:tab/>' ? '\t' : '\n'))
    .join('')
    .replace(/\n$/, '')
}
