import jsQRModule from 'jsqr'

// jsqr is CommonJS: its function is module.exports, which TypeScript sees as the module, with the function as `default`.
const jsQR = jsQRModule.default

/** Pixels a module is drawn with: a reader wants more than one. */
const SCALE = 4

/**
 * What a QR code printed by terminalQr says, read by jsQR from its lines as a camera would see them
 * on a dark terminal: a drawn half block light, a space dark. Null if it cannot be read.
 */
export function decodeTerminalQr(lines: string[]): string | null {
  const columns = Math.max(...lines.map((line) => [...line].length))
  const width = columns * SCALE
  const height = lines.length * 2 * SCALE
  const pixels = new Uint8ClampedArray(width * height * 4)
  lines.forEach((line, index) => {
    ;[...line].forEach((char, column) => {
      const halves = [char === '█' || char === '▀', char === '█' || char === '▄']
      halves.forEach((light, half) => {
        for (let y = 0; y < SCALE; y++)
          for (let x = 0; x < SCALE; x++) {
            const at = (((index * 2 + half) * SCALE + y) * width + column * SCALE + x) * 4
            pixels.fill(light ? 255 : 0, at, at + 3)
            pixels[at + 3] = 255
          }
      })
    })
  })
  return jsQR(pixels, width, height)?.data ?? null
}
