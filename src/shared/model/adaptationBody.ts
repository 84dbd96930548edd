import type { JSONContent } from '@tiptap/core'
import { bodyText } from './documentBody.js'
import { SECTIONS, type DocumentKind } from './kinds.js'
import { LANGUAGES, type Language } from './languages.js'
import { templateBody } from './templates.js'

/** "Transferability" in every language a template has it in, as the source may be written in any of them. */
const TRANSFERABILITY = new Set(LANGUAGES.map((language) => SECTIONS[language]['case-study'][7]?.toLocaleLowerCase()))

const isSectionHeading = (node: JSONContent): boolean => node.type === 'heading' && node.attrs?.['level'] === 2

/**
 * The body of a city's adaptation of a document ("Adapt for my city"): the source's section headings,
 * each over an empty paragraph for the new city's own text, except its Transferability section,
 * which is quoted whole, since that is what the source's city wrote for those who would adapt it. A
 * source with no sections gives the template of the adaptation's kind in its language.
 */
export function adaptationBody(source: JSONContent, kind: DocumentKind, language: Language): JSONContent {
  const blocks = source.content ?? []
  if (!blocks.some(isSectionHeading)) return templateBody(kind, language)
  const content: JSONContent[] = []
  for (const [index, block] of blocks.entries()) {
    if (!isSectionHeading(block)) continue
    const heading = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: bodyText({ type: 'doc', content: [block] }) }] }
    const end = blocks.findIndex((next, at) => at > index && next.type === 'heading' && Number(next.attrs?.['level']) <= 2)
    const section = blocks.slice(index + 1, end === -1 ? undefined : end)
    const quoted = TRANSFERABILITY.has(bodyText({ type: 'doc', content: [block] }).toLocaleLowerCase()) && bodyText({ type: 'doc', content: section }) !== ''
    content.push(heading, quoted ? { type: 'blockquote', content: section } : { type: 'paragraph' })
  }
  return { type: 'doc', content }
}
