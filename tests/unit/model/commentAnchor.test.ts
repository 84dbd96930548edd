import { Node } from '@tiptap/pm/model'
import { updateYFragment } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { BodyPositions } from '../../../src/shared/model/commentAnchor.js'
import { schema } from '../../../src/shared/model/schema.js'

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const BODY = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Costs' }] },
    paragraph('The feeder lanes cost four million.'),
    { type: 'horizontalRule' },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Unions ' },
        { type: 'text', text: 'agreed', marks: [{ type: 'bold' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'in May.' },
      ],
    },
  ],
}

/** Two devices holding one body, each change sent to the other at once. */
function devices() {
  const a = buildDocument('0123456789abcdef', newDocumentContent({ kind: 'case-study', title: 'Feeder lanes' }, BODY))
  const b = new Y.Doc({ guid: a.guid })
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'))
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'))
  return { a, b }
}

function pmDoc(doc: Y.Doc): Node {
  return Node.fromJSON(schema, readBody(doc))
}

/** The ProseMirror range of the first occurrence of `text` in a text node (the last, with `last`). */
function rangeOf(doc: Y.Doc, text: string, last = false): { from: number; to: number } {
  let found: { from: number; to: number } | null = null
  pmDoc(doc).descendants((node, pos) => {
    const at = node.isText ? node.text!.indexOf(text) : -1
    if ((last || !found) && at >= 0) found = { from: pos + at, to: pos + at + text.length }
  })
  if (!found) throw new Error(`"${text}" is not in the body`)
  return found
}

function quoted(doc: Y.Doc, anchor: { start: string; end: string }, quote?: string): string {
  const place = new BodyPositions(doc).place(anchor, quote)
  if (place.state !== 'anchored') return place.state
  return pmDoc(doc).textBetween(place.from, place.to, '\n', '\n')
}

/** The Y.XmlText holding `text`, and where in it `text` starts. */
function textNode(doc: Y.Doc, text: string): { node: Y.XmlText; at: number } {
  const walk = (parent: Y.XmlFragment | Y.XmlElement): { node: Y.XmlText; at: number } | null => {
    for (const child of parent.toArray()) {
      if (
        child instanceof Y.XmlText &&
        child
          .toString()
          .replace(/<[^>]+>/g, '')
          .includes(text)
      ) {
        const plain = child
          .toDelta()
          .map((op: { insert: string }) => op.insert)
          .join('')
        return { node: child, at: plain.indexOf(text) }
      }
      if (child instanceof Y.XmlElement) {
        const found = walk(child)
        if (found) return found
      }
    }
    return null
  }
  const found = walk(doc.getXmlFragment(BODY_FRAGMENT))
  if (!found) throw new Error(`"${text}" is not in the body`)
  return found
}

describe('comment anchors', () => {
  it('read back positions the way ProseMirror counts them, across marks, rules (a line of their own here) and line breaks', () => {
    const { a } = devices()
    for (const text of ['Costs', 'feeder lanes', 'cost four million.', 'Unions agr', 'in May']) {
      const { from, to } = rangeOf(a, text.startsWith('Unions') ? 'Unions ' : text)
      const end = text.startsWith('Unions') ? to + 3 : to
      expect(quoted(a, new BodyPositions(a).anchorOf(from, end))).toBe(text)
    }
    const across = new BodyPositions(a).anchorOf(rangeOf(a, 'four').from, rangeOf(a, 'May').to)
    expect(quoted(a, across)).toBe('four million.\n\n\nUnions agreed\nin May')
  })

  it('stays on its words while another device types at both edges and inside', () => {
    const { a, b } = devices()
    const { from, to } = rangeOf(a, 'feeder lanes')
    const anchor = new BodyPositions(a).anchorOf(from, to)
    const { node, at } = textNode(b, 'feeder lanes')
    node.insert(at + 'feeder lanes'.length, ' (new)')
    node.insert(at + 'feeder'.length, ' bus')
    node.insert(at, 'the ')
    expect(textNode(a, 'The the feeder').node.toString()).toContain('The the feeder bus lanes (new) cost')
    expect(quoted(a, anchor)).toBe('feeder bus lanes')
    expect(quoted(b, anchor)).toBe('feeder bus lanes')
  })

  it('becomes an orphan once all its text is deleted, and follows what is left of it before that', () => {
    const { a, b } = devices()
    const anchor = new BodyPositions(a).anchorOf(rangeOf(a, 'four million').from, rangeOf(a, 'four million').to)
    const { node, at } = textNode(b, 'four million')
    node.delete(at, 'four '.length)
    expect(quoted(a, anchor)).toBe('million')
    node.delete(at, 'million'.length)
    expect(new BodyPositions(a).place(anchor)).toEqual({ state: 'orphan' })
  })

  it('is an orphan when its whole paragraph is deleted', () => {
    const { a, b } = devices()
    const anchor = new BodyPositions(a).anchorOf(rangeOf(a, 'feeder').from, rangeOf(a, 'feeder').to)
    b.getXmlFragment(BODY_FRAGMENT).delete(1, 1)
    expect(new BodyPositions(a).place(anchor)).toEqual({ state: 'orphan' })
  })

  it('waits for the text when it points at an edit this device has not received', () => {
    const a = buildDocument('0123456789abcdef', newDocumentContent({ kind: 'case-study', title: 'Feeder lanes' }, BODY))
    const b = new Y.Doc({ guid: a.guid })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const before = Y.encodeStateVector(a)
    textNode(a, 'in May.').node.insert(textNode(a, 'in May.').at + 'in May.'.length, ' Strikes ended.')
    const anchor = new BodyPositions(a).anchorOf(rangeOf(a, 'Strikes').from, rangeOf(a, 'ended').to)
    expect(new BodyPositions(b).place(anchor)).toEqual({ state: 'waiting' })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, before))
    expect(quoted(b, anchor)).toBe('Strikes ended')
  })

  it('counts an anchor that does not decode as an orphan', () => {
    const { a } = devices()
    expect(new BodyPositions(a).place({ start: 'AAAA', end: '////' })).toEqual({ state: 'orphan' })
  })

  it('stays on its words when a paragraph is split before them or joined to the one before, which y-tiptap does with new items', () => {
    const { a, b } = devices()
    const { from, to } = rangeOf(a, 'four million')
    const anchor = new BodyPositions(a).anchorOf(from, to)
    const edit = (content: unknown[]) =>
      updateYFragment(b, b.getXmlFragment(BODY_FRAGMENT), Node.fromJSON(schema, { type: 'doc', content }), { mapping: new Map(), isOMark: new Map() })
    const [heading, , rule, last] = BODY.content
    edit([heading, paragraph('The feeder lanes'), paragraph('cost four million dollars.'), rule, last])
    expect(quoted(a, anchor, 'four million')).toBe('four million')
    expect(new BodyPositions(a).place(anchor).state).toBe('orphan')
    edit([heading, paragraph('The feeder lanes cost four million dollars.'), rule, last])
    expect(quoted(a, anchor, 'four million')).toBe('four million')
    // Its words deleted, it is an orphan though its quote is given.
    edit([heading, paragraph('The feeder lanes cost less.'), rule, last])
    expect(quoted(a, anchor, 'four million')).toBe('orphan')
  })

  it('takes the occurrence of its quote nearest to where it stood, when the body holds it more than once', () => {
    const { a, b } = devices()
    const anchor = new BodyPositions(a).anchorOf(rangeOf(a, 'Unions').from, rangeOf(a, 'Unions').to)
    const { node, at } = textNode(b, 'Unions')
    node.delete(at, 'Unions'.length)
    node.insert(at, 'Unions')
    textNode(b, 'The feeder').node.insert(0, 'Unions ')
    const place = new BodyPositions(a).place(anchor, 'Unions')
    expect(place).toEqual({ state: 'anchored', ...rangeOf(a, 'Unions', true) })
    expect(rangeOf(a, 'Unions', true)).not.toEqual(rangeOf(a, 'Unions'))
  })
})
