import * as decoding from 'lib0/decoding'
import { afterAll, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwareness, encodeAwarenessEntries, readAwarenessEntries, readAwarenessFrame } from '../../../src/shared/protocol/awarenessFrames.js'
import { MalformedFrame } from '../../../src/shared/protocol/malformedFrame.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'

function readFrame(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.awareness)
  return readAwarenessFrame(decoder)
}

describe('awareness frames', () => {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState({ user: { name: 'Ana' } })
  afterAll(() => awareness.destroy())

  it("reads back everyone's presence, and the entries as y-protocols wrote them", () => {
    const update = readFrame(encodeAwareness(awareness))
    const entries = [...readAwarenessEntries(update)]
    expect(entries).toEqual([{ client: awareness.clientID, clock: 1, json: '{"user":{"name":"Ana"}}' }])
    expect(encodeAwarenessEntries(entries)).toEqual(update)
    expect([...readAwarenessEntries(encodeAwarenessEntries([]))]).toEqual([])
  })

  it('writes only the clients asked for', () => {
    expect([...readAwarenessEntries(readFrame(encodeAwareness(awareness, [])))]).toEqual([])
  })

  it.each([
    ['a frame with bytes after its update', Uint8Array.from([...encodeAwareness(awareness), 0]), 'bytes after the end of the message'],
    ['a frame cut short', encodeAwareness(awareness).subarray(0, 5), 'Unexpected end of array'],
  ])('refuses %s with a MalformedFrame', (_name, frame, message) => {
    expect(() => readFrame(frame)).toThrow(MalformedFrame)
    expect(() => readFrame(frame)).toThrow(message)
  })

  it.each([
    [
      'an update with bytes after its last entry',
      Uint8Array.from([...encodeAwarenessEntries([{ client: 1, clock: 1, json: 'null' }]), 9]),
      [1],
      'bytes after the end of the message',
    ],
    ['an update cut short', encodeAwarenessEntries([{ client: 1, clock: 1, json: '{"a":1}' }]).subarray(0, 5), [], 'Unexpected end of array'],
    ['an update promising more entries than it holds', Uint8Array.from([2, 1, 1, 4, ...new TextEncoder().encode('null')]), [1], 'Unexpected end of array'],
  ])('refuses %s with a MalformedFrame, after the entries it could read', (_name, update, whole, message) => {
    const read: number[] = []
    expect(() => {
      for (const { client } of readAwarenessEntries(update)) read.push(client)
    }).toThrow(new MalformedFrame(message))
    expect(read).toEqual(whole)
  })
})
