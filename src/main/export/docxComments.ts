import type { JSONContent } from '@tiptap/core'
import { type ICommentOptions, Paragraph, type ParagraphChild } from 'docx'
import { schema } from '../../shared/model/schema.js'
import { COMMENT_END, COMMENT_START, commentMarks } from './docxRuns.js'
import type { ExportComment } from './exportComments.js'

/** What a Word file needs of its comments. */
export interface DocxComments {
  /** The body, its text split where comments start and end, with their marks (docxRuns.ts) there. */
  body: JSONContent
  /** The marks of the comments that have no place in the body, for the start of the title. */
  lead: ParagraphChild[]
  /** The comments part: each comment, then each of its replies as a reply to it. */
  comments: ICommentOptions[]
}

interface Ranged {
  ids: number[]
  from: number
  to: number
}

/** One mark, where it goes: ends of comments begun earlier, then starts, then the ends of comments that start and end there. */
interface Mark {
  pos: number
  order: 0 | 1 | 2
  node: JSONContent
}

const QUOTE_SHOWN = 100

/**
 * The comments as Word comments. Each has a Word id, and each of its replies one more, marked as a
 * reply to it (Word shows them as one conversation). Its range starts before the first character of
 * its text and ends after the last, across paragraphs, table cells or list items where it spans
 * several: the body is walked counting positions as ProseMirror does (a text node its length, a leaf
 * node 1, any other node 2 and its content), and text nodes are split where a comment starts or ends.
 *
 * A comment whose text was deleted keeps its place in the conversation rather than vanishing from
 * the file: it stands at the start of the title, saying what it was about ("On deleted text “…”:"),
 * as the app shows it in its panel. Someone reading the Word file for the discussion would otherwise
 * lose a comment others may have answered, with nothing to say it was there. So does one whose place
 * is not known ("On text “…”:"), where content left out of the body may have moved its text.
 */
export function docxComments(body: JSONContent, comments: readonly ExportComment[]): DocxComments {
  let next = 0
  const ranged: Ranged[] = []
  const unplaced: number[][] = []
  const options: ICommentOptions[] = []
  const blocks = textBlocks(body)
  for (const comment of comments) {
    const id = next
    const ids = [id, ...comment.replies.map((_, index) => id + 1 + index)]
    next += ids.length
    const range = typeof comment.place === 'object' ? inText(blocks, comment.place) : null
    if (range) ranged.push({ ids, ...range })
    else unplaced.push(ids)
    const about = range ? '' : `On ${comment.place === 'deleted' ? 'deleted ' : ''}text “${shortened(comment.quote)}”: `
    options.push({ id, ...author(comment), date: new Date(comment.at), children: paragraphs(about + comment.body) })
    for (const [index, reply] of comment.replies.entries())
      options.push({ id: id + 1 + index, parentId: id, ...author(reply), date: new Date(reply.at), children: paragraphs(reply.body) })
  }
  const lead = unplaced.flatMap((ids) => [...(commentMarks(mark(COMMENT_START, ids)) ?? []), ...(commentMarks(mark(COMMENT_END, ids)) ?? [])])
  return { body: ranged.length > 0 ? marked(body, marks(ranged)) : body, lead, comments: options }
}

/** The content of each text block (paragraph, heading, code block), as [start, end] positions, in order. */
function textBlocks(body: JSONContent): [number, number][] {
  const blocks: [number, number][] = []
  const walk = (node: JSONContent, pos: number): number => {
    if (node.type === 'text') return node.text?.length ?? 0
    if (schema.nodes[node.type ?? '']?.isLeaf) return 1
    let at = pos + 1
    for (const child of node.content ?? []) at += walk(child, at)
    if (schema.nodes[node.type ?? '']?.isTextblock) blocks.push([pos + 1, at])
    return at + 1 - pos
  }
  // The doc's content starts at 0, not after an opening token of its own.
  walk(body, -1)
  return blocks
}

/**
 * A range as the positions between characters nearest inside it: its start moved forward, its end
 * back, to text where either falls between blocks (a range over a table, say); a range over no text
 * at all (a rule) is a point where it starts. Null in a body without text.
 */
function inText(blocks: [number, number][], { from, to }: { from: number; to: number }): { from: number; to: number } | null {
  const after = blocks.find(([, end]) => end >= from)
  const before = blocks.findLast(([start]) => start <= to)
  if (!after && !before) return null
  const start = after ? Math.max(from, after[0]) : (before?.[1] ?? 0)
  const end = before ? Math.min(to, before[1]) : start
  return { from: start, to: Math.max(start, end) }
}

function marks(ranged: Ranged[]): Mark[] {
  return ranged
    .flatMap(({ ids, from, to }): Mark[] => [
      { pos: from, order: 1, node: mark(COMMENT_START, ids) },
      { pos: to, order: from === to ? 2 : 0, node: mark(COMMENT_END, ids) },
    ])
    .sort((a, b) => a.pos - b.pos || a.order - b.order)
}

function mark(type: string, ids: number[]): JSONContent {
  return { type, attrs: { ids } }
}

/** A copy of the body with the marks in its text blocks; what holds no mark is the body's own. */
function marked(body: JSONContent, sorted: Mark[]): JSONContent {
  let index = 0
  const walk = (node: JSONContent, pos: number): { node: JSONContent; size: number } => {
    if (node.type === 'text') return { node, size: node.text?.length ?? 0 }
    if (schema.nodes[node.type ?? '']?.isLeaf) return { node, size: 1 }
    const textblock = schema.nodes[node.type ?? '']?.isTextblock === true
    const content: JSONContent[] = []
    let at = pos + 1
    for (const child of node.content ?? []) {
      if (textblock && child.type === 'text' && child.text) {
        // Marks before the text, and within it, splitting it.
        let from = 0
        for (let next = sorted[index]; next && next.pos < at + child.text.length; next = sorted[++index]) {
          const offset = next.pos - at
          if (offset > from) content.push({ ...child, text: child.text.slice(from, offset) })
          from = Math.max(from, offset)
          content.push(next.node)
        }
        content.push(from === 0 ? child : { ...child, text: child.text.slice(from) })
        at += child.text.length
        continue
      }
      if (textblock) for (let next = sorted[index]; next && next.pos <= at; next = sorted[++index]) content.push(next.node)
      const walked = walk(child, at)
      content.push(walked.node)
      at += walked.size
    }
    // At the end of a text block's content.
    if (textblock) for (let next = sorted[index]; next && next.pos <= at; next = sorted[++index]) content.push(next.node)
    const changed = content.some((child, position) => child !== node.content?.[position]) || content.length !== (node.content?.length ?? 0)
    return { node: changed ? { ...node, content } : node, size: at + 1 - pos }
  }
  // The doc's content starts at 0, not after an opening token of its own.
  return walk(body, -1).node
}

function author(who: { by: string; city?: string }): Pick<ICommentOptions, 'author' | 'initials'> {
  const initials = who.by
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((word) => Array.from(word)[0] ?? '')
    .join('')
  return { author: who.city ? `${who.by} (${who.city})` : who.by, initials: initials.toUpperCase() }
}

/** A comment's text, a paragraph a line. */
function paragraphs(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => new Paragraph({ text: line }))
}

function shortened(quote: string): string {
  const characters = Array.from(quote.replace(/\s+/g, ' ').trim())
  return characters.length > QUOTE_SHOWN ? `${characters.slice(0, QUOTE_SHOWN - 1).join('')}…` : characters.join('')
}
