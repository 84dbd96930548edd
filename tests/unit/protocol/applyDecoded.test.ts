import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyDecoded } from '../../../src/shared/protocol/applyDecoded.js'
import { MalformedFrame } from '../../../src/shared/protocol/malformedFrame.js'

describe('applyDecoded', () => {
  it('applies an update that decodes, and says whether it held anything', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'hello')
    const doc = new Y.Doc()
    const origins: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    expect(applyDecoded(doc, Y.encodeStateAsUpdate(source), 'peer')).toBe(true)
    expect(doc.getText('t').toString()).toBe('hello')
    expect(origins).toEqual(['peer'])
    expect(applyDecoded(doc, Y.encodeStateAsUpdate(source, Y.encodeStateVector(doc)), 'peer')).toBe(false)
  })

  it('changes nothing of an update whose deleted ranges are cut short, of which Yjs would apply the structs', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'hello')
    source.getText('t').delete(0, 1)
    const update = Y.encodeStateAsUpdate(source)
    const cut = update.subarray(0, update.length - 1)
    const partly = new Y.Doc()
    expect(() => Y.applyUpdate(partly, cut)).toThrow()
    expect(partly.getText('t').toString()).toBe('ello')
    const doc = new Y.Doc()
    expect(() => applyDecoded(doc, cut, 'peer')).toThrow(MalformedFrame)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()))
  })
})
