import { QUIET_ZONE, qrModules } from '../shared/qrModules.js'

/**
 * A QR code of `text` for a terminal, two rows of modules a line in half blocks: the light modules
 * drawn, the dark ones left as spaces, so that on a terminal's dark background it reads as a QR code
 * does (on a light one it is inverted, which phone cameras read too). Error correction L: a screen
 * shows it sharp, and a link holding a token is long.
 */
export function terminalQr(text: string): string {
  const { count, dark } = qrModules(text, 'L')
  const lines: string[] = []
  for (let row = -QUIET_ZONE; row < count + QUIET_ZONE; row += 2) {
    let line = ''
    for (let col = -QUIET_ZONE; col < count + QUIET_ZONE; col++) {
      const [top, bottom] = [dark(row, col), dark(row + 1, col)]
      // Light is the block drawn: top and bottom light is a full block, both dark a space.
      line += top ? (bottom ? ' ' : '▄') : bottom ? '▀' : '█'
    }
    lines.push(line)
  }
  return lines.join('\n')
}
