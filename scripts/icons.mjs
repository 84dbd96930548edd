import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { initWasm, Resvg } from '@resvg/resvg-wasm'
import png2icons from 'png2icons'

/** The sizes of the Linux icon set, hicolor's up to 512 px. */
const SET = [16, 24, 32, 48, 64, 128, 256, 512]

/**
 * Renders the app's icon (assets/icon.svg) for the package and the window: the PNGs of the Linux set
 * in dist/icons/png (named by size, as electron-builder reads a folder of them), one of 1024 px
 * (dist/icons/icon.png) and the ICNS and ICO made from it (icon.icns, icon.ico), the window's icon
 * (dist/electron/icon.png, 512 px) and the page's favicon (dist/renderer/favicon.png, 64 px).
 * electron-builder.yml names them.
 */
export async function writeIcons(root) {
  await initWasm(await readFile(join(root, 'node_modules/@resvg/resvg-wasm/index_bg.wasm')))
  const svg = await readFile(join(root, 'assets/icon.svg'), 'utf8')
  // Each size drawn from the SVG, not scaled down from a larger PNG: the small ones stay sharp.
  const png = new Map([...SET, 1024].map((size) => [size, Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng())]))
  await mkdir(join(root, 'dist/icons/png'), { recursive: true })
  for (const size of SET) await writeFile(join(root, `dist/icons/png/${size}x${size}.png`), png.get(size))
  const largest = png.get(1024)
  await writeFile(join(root, 'dist/icons/icon.png'), largest)
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC, 0)
  // PNG for each size but those under 64 px, which older Windows shows only as bitmaps.
  const ico = png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true)
  if (!icns || !ico) throw new Error('The icon could not be made into ICNS and ICO (png2icons failed).')
  await writeFile(join(root, 'dist/icons/icon.icns'), icns)
  await writeFile(join(root, 'dist/icons/icon.ico'), ico)
  await writeFile(join(root, 'dist/electron/icon.png'), png.get(512))
  await writeFile(join(root, 'dist/renderer/favicon.png'), png.get(64))
}
