import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { bodyChanges } from '../../../src/shared/model/bodyChanges.js'
import { schema } from '../../../src/shared/model/schema.js'

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const body = (...texts: string[]): JSONContent => ({ type: 'doc', content: texts.map(paragraph) })

/** Each change as the text added and the text removed, read from the newer body. */
function described(older: JSONContent, newer: JSONContent) {
  const doc = schema.nodeFromJSON(newer)
  return bodyChanges(older, newer).map(({ from, to, removed }) => ({ added: doc.textBetween(from, to, ' ', ' '), removed }))
}

describe('the changes between two bodies', () => {
  it('are none for equal bodies', () => {
    expect(bodyChanges(body('a', 'b'), body('a', 'b'))).toEqual([])
  })

  it('mark a changed word, not its paragraph', () => {
    expect(described(body('Feeder lanes', 'They cost 4 million dollars.', 'End'), body('Feeder lanes', 'They cost 6 million dollars.', 'End'))).toEqual([
      { added: '6', removed: '4' },
    ])
  })

  it('mark a paragraph removed and one added, with their text', () => {
    expect(described(body('one', 'two', 'three'), body('one', 'three', 'four'))).toEqual([
      { added: '', removed: 'two' },
      { added: 'four', removed: '' },
    ])
  })

  it('mark an added sentence from its space to its full stop, not from the full stop before it', () => {
    expect(described(body('It carried 60,000 riders a day.'), body('It carried 60,000 riders a day. Fares were merged in 2019.'))).toEqual([
      { added: ' Fares were merged in 2019.', removed: '' },
    ])
    expect(described(body('Lanes opened. Fares were merged. Riders came.'), body('Lanes opened. Riders came.'))).toEqual([
      { added: '', removed: ' Fares were merged.' },
    ])
  })

  it('find a few edits in a long body as a few small changes', () => {
    const texts = Array.from({ length: 400 }, (_, n) => `Paragraph ${n}: the bus rapid transit corridor carried riders in ward ${n}.`)
    const edited = texts.map((text, n) => (n === 10 ? text.replace('riders', 'commuters') : text)).filter((_, n) => n !== 200)
    edited.splice(350, 0, 'A new finding on fares.')
    expect(described(body(...texts), body(...edited))).toEqual([
      { added: 'commuters', removed: 'riders' },
      { added: '', removed: texts[200] },
      { added: 'A new finding on fares.', removed: '' },
    ])
  })
})
