import qrcode from 'qrcode-generator'
import { describe, expect, it } from 'vitest'
import { qrPath } from '../../../src/renderer/workshop/qrPath.js'

/** The dark modules a path draws, as `row col` from its squares (`M<x> <y>h1v1h-1z`). */
function drawn(d: string): Set<string> {
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map(([, x, y]) => `${Number(y) - 4} ${Number(x) - 4}`))
}

describe('a QR code as an SVG path', () => {
  it('draws exactly the dark modules of the code, inside a quiet zone of four', () => {
    const link = 'https://relay.example.org/w/K7Q4-2MXR'
    const { size, d } = qrPath(link)
    const code = qrcode(0, 'M')
    code.addData(link)
    code.make()
    const count = code.getModuleCount()
    expect(size).toBe(count + 8)
    const dark = new Set<string>()
    for (let row = 0; row < count; row++) for (let col = 0; col < count; col++) if (code.isDark(row, col)) dark.add(`${row} ${col}`)
    expect(drawn(d)).toEqual(dark)
    // The finder pattern's corner, where every reader starts.
    expect(d.startsWith('M4 4h1v1h-1z')).toBe(true)
  })

  it('grows with what it holds', () => {
    expect(qrPath('https://relay.example.org/w/K7Q4-2MXR').size).toBeLessThan(qrPath(`https://relay.example.org/${'x'.repeat(200)}`).size)
  })
})
