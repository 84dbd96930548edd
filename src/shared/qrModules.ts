import qrcode from 'qrcode-generator'

/** The quiet zone around a QR code that readers need, in modules. */
export const QUIET_ZONE = 4

/**
 * The modules of a QR code of `text`, at error correction `level`: how many a side, and whether one is
 * dark (false outside the code, in its quiet zone). Drawn as SVG in the workshop's view and as text in
 * the terminal.
 */
export function qrModules(text: string, level: 'L' | 'M'): { count: number; dark: (row: number, col: number) => boolean } {
  const code = qrcode(0, level)
  code.addData(text)
  code.make()
  const count = code.getModuleCount()
  return { count, dark: (row, col) => row >= 0 && col >= 0 && row < count && col < count && code.isDark(row, col) }
}
