import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import type { EncodedAnchor } from '../protocol/commentEvents.js'
import { BODY_FRAGMENT } from './document.js'
import { schema } from './schema.js'

/** Nodes that hold no content (a rule, a line break), one position wide in ProseMirror. */
const LEAVES = new Set(
  Object.values(schema.nodes)
    .filter((type) => type.isLeaf && !type.isText)
    .map((type) => type.name),
)

type Node = Y.XmlElement | Y.XmlText
type Parent = Y.XmlFragment | Y.XmlElement
/** Any shared type, as far as walking up from one goes. */
type Shared = { _item: Y.Item | null }

/** Where a comment's anchor is in the body now, as ProseMirror positions. */
export type AnchorPlace =
  | { state: 'anchored'; from: number; to: number }
  /** The body lacks the edit it points into: it has not arrived yet (written offline elsewhere, say). */
  | { state: 'waiting' }
  /** All the text it held was deleted. */
  | { state: 'orphan' }

/**
 * Reads a body's ProseMirror positions from its Yjs structure, as y-tiptap lays them out, without an
 * editor: the main process and the renderer place anchors alike. Sizes are remembered, so make one per
 * state of the body.
 */
export class BodyPositions {
  private readonly sizes = new Map<Node, number>()
  private readonly starts = new Map<Parent | Y.XmlText, number>()
  readonly fragment: Y.XmlFragment

  constructor(readonly doc: Y.Doc) {
    this.fragment = doc.getXmlFragment(BODY_FRAGMENT)
  }

  /**
   * The anchor of the text between two positions: the start sticks to the character after it, the end
   * to the one before it, so that typing at either edge does not widen the comment.
   */
  anchorOf(from: number, to: number): EncodedAnchor {
    const encode = (pos: number, assoc: number) => {
      const { type, index } = this.locate(pos)
      return toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, index, assoc)))
    }
    return { start: encode(from, 0), end: encode(to, -1) }
  }

  /**
   * Where an anchor is now; a part that does not decode counts as orphaned. y-tiptap moves text to new
   * items when a paragraph is split or two are joined, which deletes the items an anchor names though
   * its words are still there: so an anchor whose items are gone is placed on its `quote` where the
   * body holds it within one block, once, or nearest to where the anchor collapsed to; only text
   * that is really gone makes an orphan.
   */
  place(anchor: EncodedAnchor, quote = ''): AnchorPlace {
    let start: number | null | 'gone'
    let end: number | null | 'gone'
    try {
      start = this.position(anchor.start)
      end = this.position(anchor.end)
    } catch {
      start = end = 'gone'
    }
    if (start === null || end === null) return { state: 'waiting' }
    if (start !== 'gone' && end !== 'gone' && start < end) return { state: 'anchored', from: start, to: end }
    const found = this.find(quote, typeof start === 'number' ? start : null)
    return found ? { state: 'anchored', ...found } : { state: 'orphan' }
  }

  /** Where a block's text holds `quote`: its only occurrence, or the one nearest to `near`. */
  private find(quote: string, near: number | null): { from: number; to: number } | null {
    if (!quote) return null
    const found: number[] = []
    const walk = (parent: Parent) => {
      for (const child of parent.toArray() as Node[]) {
        if (child instanceof Y.XmlElement) walk(child)
        else {
          const text = (child.toDelta() as { insert: unknown }[]).map(({ insert }) => (typeof insert === 'string' ? insert : '\ufffc')).join('')
          for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) found.push(this.contentStart(child) + at)
        }
      }
    }
    walk(this.fragment)
    if (found.length !== 1 && (near === null || found.length === 0)) return null
    const from = found.reduce((best, at) => (Math.abs(at - (near ?? at)) < Math.abs(best - (near ?? best)) ? at : best))
    return { from, to: from + quote.length }
  }

  /** The position a relative position stands for; null if the body lacks the item it names, 'gone' if its block was deleted. */
  private position(encoded: string): number | null | 'gone' {
    const relative = Y.decodeRelativePosition(fromBase64(encoded))
    const named = relative.item ?? relative.type
    if (named && Y.getState(this.doc.store, named.client) <= named.clock) return null
    // Yjs has nothing to say of a named item it has collected: it was deleted.
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, this.doc)
    if (!absolute) return 'gone'
    const { type, index } = absolute
    for (let item = type._item; item; item = (item.parent as Shared)._item) if (item.deleted) return 'gone'
    if (type instanceof Y.XmlText) return isInside(type, this.fragment) ? this.contentStart(type) + index : 'gone'
    const parent = type === this.fragment ? this.fragment : type instanceof Y.XmlElement && isInside(type, this.fragment) ? type : null
    if (!parent) return 'gone'
    let pos = this.contentStart(parent)
    for (const child of parent.toArray().slice(0, index)) pos += this.size(child as Node)
    return pos
  }

  /** The text node, or element and child index, that a position falls in. */
  private locate(pos: number): { type: Parent | Y.XmlText; index: number } {
    let parent: Parent = this.fragment
    let offset = pos
    descend: for (;;) {
      const children = parent.toArray() as Node[]
      for (const [index, child] of children.entries()) {
        const size = this.size(child)
        if (child instanceof Y.XmlText) {
          if (offset <= size) return { type: child, index: offset }
        } else if (offset === 0) return { type: parent, index }
        else if (offset < size && !LEAVES.has(child.nodeName)) {
          parent = child
          offset -= 1
          continue descend
        }
        offset -= size
      }
      return { type: parent, index: children.length }
    }
  }

  /** Where a node's content starts: after its opening tag for an element, at its first character for text. */
  private contentStart(type: Parent | Y.XmlText): number {
    if (type === this.fragment) return 0
    const known = this.starts.get(type)
    if (known !== undefined) return known
    const parent = type._item?.parent as Parent
    let pos = this.contentStart(parent)
    for (const sibling of parent.toArray() as Node[]) {
      if (sibling === type) break
      pos += this.size(sibling)
    }
    if (type instanceof Y.XmlElement) pos += 1
    this.starts.set(type, pos)
    return pos
  }

  private size(node: Node): number {
    const known = this.sizes.get(node)
    if (known !== undefined) return known
    let size: number
    if (node instanceof Y.XmlText) size = node.length
    else if (LEAVES.has(node.nodeName)) size = 1
    else size = 2 + (node.toArray() as Node[]).reduce((sum, child) => sum + this.size(child), 0)
    this.sizes.set(node, size)
    return size
  }
}

function isInside(type: Shared, fragment: Y.XmlFragment): boolean {
  for (let item = type._item; item; item = (item.parent as Shared)._item) if (item.parent === fragment) return true
  return false
}
