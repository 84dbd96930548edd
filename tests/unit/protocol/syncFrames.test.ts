import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MalformedFrame } from '../../../src/shared/protocol/malformedFrame.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate, readSyncFrame } from '../../../src/shared/protocol/syncFrames.js'

/** Reads a whole sync frame, its type first. */
function read(frame: Uint8Array) {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.sync)
  return readSyncFrame(decoder)
}

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

describe('sync frames', () => {
  it('reads back what each writer wrote', () => {
    const doc = docWith('hello')
    const update = Y.encodeStateAsUpdate(doc)
    expect(read(encodeSyncStep1(doc))).toEqual({ step: 'step1', stateVector: Y.encodeStateVector(doc) })
    expect(read(encodeSyncStep2(update))).toEqual({ step: 'step2', update })
    expect(read(encodeUpdate(update))).toEqual({ step: 'update', update })
    expect(Y.decodeStateVector((read(encodeSyncStep1(doc)) as { stateVector: Uint8Array }).stateVector)).toEqual(new Map([[doc.clientID, 5]]))
  })

  it.each([
    ['bytes after the end', Uint8Array.from([...encodeUpdate(Y.encodeStateAsUpdate(docWith('x'))), 7]), 'bytes after the end of the message'],
    ['an unknown step', Uint8Array.from([MESSAGE.sync, 3, 0]), 'sync step 3'],
    ['a frame cut short', Uint8Array.from([MESSAGE.sync, 2, 50, 1, 2]), 'Unexpected end of array'],
    ['no step at all', Uint8Array.from([MESSAGE.sync]), 'Unexpected end of array'],
    ['a state vector that does not decode', Uint8Array.from([MESSAGE.sync, 0, 2, 5, 1]), 'Unexpected end of array'],
  ])('refuses %s with a MalformedFrame', (_name, frame, message) => {
    expect(() => read(frame)).toThrow(MalformedFrame)
    expect(() => read(frame)).toThrow(message)
  })
})
