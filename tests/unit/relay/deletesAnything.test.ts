import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { deletesAnything } from '../../../src/relay/deletesAnything.js'

/** The update a change to a document holding `before` makes. */
function updateOf(before: string[], change: (list: Y.Array<string>) => void): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray<string>('versions').push(before)
  const vector = Y.encodeStateVector(doc)
  change(doc.getArray<string>('versions'))
  return Y.encodeStateAsUpdate(doc, vector)
}

describe('whether an update deletes anything', () => {
  it('is false for additions, true for any deletion, even of what the same update added', () => {
    expect(deletesAnything(updateOf(['v1'], (list) => list.push(['v2', 'v3'])))).toBe(false)
    expect(deletesAnything(updateOf(['v1', 'v2'], (list) => list.delete(0, 1)))).toBe(true)
    const addedThenDeleted = updateOf([], (list) => {
      list.push(['v1'])
      list.delete(0, 1)
    })
    expect(deletesAnything(addedThenDeleted)).toBe(true)
  })

  it('throws on what is not an update', () => {
    expect(() => deletesAnything(Uint8Array.from([5, 200, 1]))).toThrow()
  })
})
