import { describe, expect, it } from 'vitest'
import { MAGIC, encodeFile, scanFrames } from '../../../src/main/library/frames.js'
import { flipByte } from '../../helpers/flipByte.js'

const payloads = [Buffer.from('first'), Buffer.from(''), Buffer.from('third record')]

describe('framed records', () => {
  it('read back what was written', () => {
    const file = encodeFile(MAGIC.log, payloads)
    const scan = scanFrames(file, MAGIC.log)
    expect(scan.damage).toBeUndefined()
    expect(scan.validBytes).toBe(file.length)
    expect(scan.payloads.map((payload) => Buffer.from(payload).toString())).toEqual(['first', '', 'third record'])
  })

  it('stop at a torn record and keep what comes before', () => {
    const file = encodeFile(MAGIC.log, payloads)
    for (let cut = 1; cut < 'third record'.length + 8; cut += 1) {
      const scan = scanFrames(file.subarray(0, file.length - cut), MAGIC.log)
      expect(scan.payloads.map((payload) => Buffer.from(payload).toString())).toEqual(['first', ''])
      expect(scan.validBytes).toBe(file.length - 'third record'.length - 8)
      expect(scan.damage).toMatch(/cut short/)
    }
  })

  it('stop at a record whose checksum fails', () => {
    const file = encodeFile(MAGIC.log, payloads)
    flipByte(file, 3)
    const scan = scanFrames(file, MAGIC.log)
    expect(scan.payloads).toHaveLength(2)
    expect(scan.damage).toBe('a record fails its checksum')
  })

  it('refuse a file of another kind', () => {
    const scan = scanFrames(encodeFile(MAGIC.snapshot, payloads), MAGIC.log)
    expect(scan).toEqual({ payloads: [], validBytes: 0, damage: 'the file does not start with its header' })
  })
})
