import type { JSONContent } from '@tiptap/core'
import { CommentRangeEnd, CommentRangeStart, CommentReference, ExternalHyperlink, type ParagraphChild, TextRun } from 'docx'

/** What a run takes from where it stands, such as a table's header row, bold. Only what is true is set. */
export interface RunBase {
  bold?: true
}

/**
 * Where Word comments start and end in a body's inline content: nodes no schema has, which
 * docxComments.ts puts into a copy of the body and which become Word's range marks, `attrs.ids` the
 * Word ids of a comment and its replies.
 */
export const COMMENT_START = 'casebook:commentStart'
export const COMMENT_END = 'casebook:commentEnd'

/** The link targets a Word document may open: other schemes are kept as their text. */
const LINKABLE = /^(https?:|mailto:)/i

/**
 * A block's inline content as Word runs: each text node's marks become the run's properties, and
 * neighbouring text of one link becomes one hyperlink.
 */
export function docxRuns(inline: JSONContent[] | undefined, base: RunBase = {}): ParagraphChild[] {
  const children: ParagraphChild[] = []
  let link: { href: string; runs: ParagraphChild[] } | undefined
  for (const node of inline ?? []) {
    // A comment's mark leaves a link open: the link's text goes on after it.
    const marks = commentMarks(node)
    if (marks) {
      ;(link ? link.runs : children).push(...marks)
      continue
    }
    const href = node.type === 'text' ? linkOf(node) : null
    if (link && link.href !== href) children.push(new ExternalHyperlink({ link: link.href, children: link.runs }))
    if (link?.href !== href) link = href === null ? undefined : { href, runs: [] }
    if (node.type === 'hardBreak') children.push(new TextRun({ break: 1 }))
    if (node.type !== 'text' || !node.text) continue
    const run = textRun(node, base, href !== null)
    if (link) link.runs.push(run)
    else children.push(run)
  }
  if (link) children.push(new ExternalHyperlink({ link: link.href, children: link.runs }))
  return children
}

/** A comment mark's Word elements (its start, or its end and the reference Word shows the comment at), or null for any other node. */
export function commentMarks(node: JSONContent): ParagraphChild[] | null {
  if (node.type !== COMMENT_START && node.type !== COMMENT_END) return null
  const ids: number[] = node.attrs?.['ids'] ?? []
  if (node.type === COMMENT_START) return ids.map((id) => new CommentRangeStart(id))
  return ids.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })])
}

function linkOf(node: JSONContent): string | null {
  const href: unknown = node.marks?.find((mark) => mark.type === 'link')?.attrs?.['href']
  return typeof href === 'string' && LINKABLE.test(href) ? href : null
}

/** Never `bold: false` and the like: Word reads a property written false as overriding the style. */
function textRun(node: JSONContent, base: RunBase, linked: boolean): TextRun {
  const marks = new Set(node.marks?.map((mark) => mark.type))
  return new TextRun({
    text: node.text ?? '',
    ...base,
    ...(marks.has('bold') && { bold: true }),
    ...(marks.has('italic') && { italics: true }),
    ...(marks.has('strike') && { strike: true }),
    ...(linked ? { style: 'Hyperlink' } : marks.has('code') && { style: 'CodeChar' }),
  })
}
