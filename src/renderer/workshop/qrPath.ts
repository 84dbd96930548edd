import { QUIET_ZONE, qrModules } from '../../shared/qrModules.js'

/**
 * A QR code of `text` as one SVG path of its dark modules, each a unit square, and the side of the
 * square it is drawn in, quiet zone included. Error correction M: a projected code is read from
 * across a room, where some of it may be washed out.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { count, dark } = qrModules(text, 'M')
  const squares: string[] = []
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (dark(row, col)) squares.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`)
  }
  return { size: count + 2 * QUIET_ZONE, d: squares.join('') }
}
