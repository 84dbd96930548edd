import qrcode from 'qrcode-generator'

/** The quiet zone around a QR code that readers need, in modules. */
const QUIET_ZONE = 4

/**
 * A QR code of `text` as one SVG path of its dark modules, each a unit square, and the side of the
 * square it is drawn in, quiet zone included. Error correction M: a projected code is read from
 * across a room, where some of it may be washed out.
 */
export function qrPath(text: string): { size: number; d: string } {
  const code = qrcode(0, 'M')
  code.addData(text)
  code.make()
  const count = code.getModuleCount()
  const squares: string[] = []
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (code.isDark(row, col)) squares.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`)
  }
  return { size: count + 2 * QUIET_ZONE, d: squares.join('') }
}
