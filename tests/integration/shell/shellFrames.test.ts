import { describe, expect, it } from 'vitest'
import { decodeShellFrame, encodeBytesRequest, encodeBytesResponse, encodeDocumentFrame } from '../../../src/shared/ipc/shellFrames.js'

describe('the browser shell’s binary frames', () => {
  it('carry a document message, and a request with its bytes as they are, each read back as what it is', () => {
    const message = Uint8Array.from([0, 1, 2, 255])
    expect(decodeShellFrame(encodeDocumentFrame('0123456789abcdef', message))).toEqual({ type: 'document', id: '0123456789abcdef', message })
    const bytes = new TextEncoder().encode('# Quito\n\né ✓')
    const frame = encodeBytesRequest({ type: 'request', n: 7, channel: 'library.import', input: { name: 'quito.md', bytes } })
    expect(frame.subarray(frame.byteLength - bytes.byteLength)).toEqual(bytes)
    expect(decodeShellFrame(frame)).toEqual({
      type: 'request',
      request: { type: 'request', n: 7, channel: 'library.import', input: { name: 'quito.md', bytes } },
    })
  })

  it('carry a response with its value’s bytes as they are, read back as that response', () => {
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 255])
    const frame = encodeBytesResponse({ type: 'response', n: 9, ok: true, value: { name: 'Quito.pdf', bytes } })
    expect(frame.subarray(frame.byteLength - bytes.byteLength)).toEqual(bytes)
    expect(decodeShellFrame(frame)).toEqual({ type: 'response', reply: { type: 'response', n: 9, ok: true, value: { name: 'Quito.pdf', bytes } } })
  })

  it('refuse a frame of another kind, one cut short, and a request whose input is not an object', () => {
    expect(() => decodeShellFrame(Uint8Array.from([3, 0]))).toThrow('A frame of unknown kind 3.')
    expect(() => decodeShellFrame(new Uint8Array())).toThrow()
    const text = new TextEncoder().encode(JSON.stringify({ type: 'request', n: 1, channel: 'library.import', input: 'abc' }))
    expect(() => decodeShellFrame(Uint8Array.from([1, text.length, ...text]))).toThrow('A request with bytes whose input is not an object.')
  })
})
