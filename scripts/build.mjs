import { copyFile, readFile, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { writeIcons } from './icons.mjs'
import { thirdPartyNotices } from './thirdPartyNotices.mjs'

/**
 * `npm run build`: bundles the command line into dist/cli, npm packages included, one file for each
 * lazily loaded command and one for each module they share, and the relay's command once more on its
 * own; the renderer into dist/renderer, the page that both the desktop app and the browser shell
 * load, with a chunk for each language's catalog but English's; a workshop's guest page and the relay's invite page into dist/guest; and the desktop app's main process and preload into dist/electron. The import and search index workers are
 * entries of their own in both dist/cli and dist/electron, and the relay's compaction worker one in dist/cli.
 * Type-checking is `npm run typecheck`.
 *
 * Bundled rather than compiled file by file because Node holds every module it loads in memory:
 * `casebook relay` needs about 10 MB less as a few bundles than as some three hundred modules.
 */
const root = join(import.meta.dirname, '..')
// The CommonJS packages bundled into ES modules (pino, ws, mammoth, electron-store…) require Node's
// built-in modules. Under a name no bundled module imports (the WebP decoder imports createRequire itself).
const REQUIRE_BANNER = { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" }
await rm(join(root, 'dist'), { recursive: true, force: true })
// The command line's bundles, for Node, npm packages included.
const COMMAND_LINE = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  // A native addon, and Playwright (which finds its own files beside it): Node loads them from node_modules.
  external: ['better-sqlite3', 'playwright-core'],
  // Smaller sources are less memory; names are kept, so that stack traces in logs stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
}
// Imports run in a worker (src/main/import/importer.ts), whose bundle sits beside the code
// that starts it: in dist/cli here, in dist/electron for the desktop app.
const IMPORT_WORKER = join(root, 'src/main/import/importWorker.ts')
// The search index lives in a worker too (src/main/services/searchIndex.ts), found the same way.
const SEARCH_WORKER = join(root, 'src/main/services/searchIndexWorker.ts')
await build({
  ...COMMAND_LINE,
  entryPoints: {
    cli: join(root, 'src/cli/cli.ts'),
    importWorker: IMPORT_WORKER,
    searchIndexWorker: SEARCH_WORKER,
    compactWorker: join(root, 'src/relay/compactWorker.ts'),
  },
  outdir: join(root, 'dist/cli'),
  splitting: true,
  format: 'esm',
  banner: REQUIRE_BANNER,
})
// `casebook relay` again, alone and as CommonJS: without Node's ES module loader it holds less memory.
// Its compaction worker (src/relay/compactor.ts) is the ES module built beside it above, found from
// import.meta.url, which CommonJS has not: it is the bundle's own file URL.
await build({
  ...COMMAND_LINE,
  entryPoints: [join(root, 'src/cli/relayCli.ts')],
  outfile: join(root, 'dist/cli/relay.cjs'),
  format: 'cjs',
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
})

// The renderer, split: each language's catalog (src/renderer/locales) but English's, which app.js
// holds, is a chunk of its own, which the page imports when it shows that language, so it loads only
// the one it speaks; and the editor (src/renderer/editor: TipTap, ProseMirror, Yjs) is one, which the
// page imports once the library has drawn (src/renderer/app/App.tsx), so the library shows first.
// A page's bundle: ES modules split into the chunks it imports, minified, with a metafile.
const PAGE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  jsx: 'automatic',
  minify: true,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
}
const renderer = await build({
  ...PAGE,
  entryPoints: { app: join(root, 'src/renderer/main.tsx') },
  // The About dialog's (src/renderer/app/AboutDialog.tsx).
  define: { CASEBOOK_VERSION: JSON.stringify(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version) },
  outdir: join(root, 'dist/renderer'),
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
})
await copyFile(join(root, 'src/renderer/app.css'), join(root, 'dist/renderer/app.css'))
// app.js imports the chunks of code it shares with the catalogs and the editor (React, i18next, zod,
// esbuild's helpers): the page asks for them beside app.js, rather than once app.js is read; and for
// the editor's chunk too, which is then fetched and compiled while app.js runs, and only run when
// imported.
const outputs = renderer.metafile.outputs
const editor = Object.keys(outputs).filter((path) => outputs[path].entryPoint === 'src/renderer/editor/EditorScreen.tsx')
await writePage(
  'src/renderer/index.html',
  'dist/renderer/index.html',
  [...staticImports(outputs, 'dist/renderer/app.js'), ...editor].map((path) => relative(join(root, 'dist/renderer'), join(root, path))),
)

// A workshop's guest page (src/renderer/guest), which the relay serves at /w/<code> and its files at
// /w/assets/<file>: a bundle of its own, built from the renderer's editor, split as the app is (the
// document's part, with the editor, a chunk apart, and each language's catalog but English's), and
// its style sheet (app.css and its own). It
// must hold nothing of src/main, which a guest's browser has no business running: the build fails if
// it does (tests/unit/guestBundle.test.ts reads the same metafile, dist/guest.meta.json, kept out of
// the folder the relay serves).
const guest = await build({
  ...PAGE,
  // guest.js and guest.css.
  entryPoints: [
    { in: join(root, 'src/renderer/guest/guest.tsx'), out: 'guest' },
    { in: join(root, 'src/renderer/guest/guest.css'), out: 'guest' },
  ],
  outdir: join(root, 'dist/guest'),
  // Flat: the relay serves the files directly in dist/guest, each under /w/assets/.
  chunkNames: '[name]-[hash]',
})
const fromMain = Object.keys(guest.metafile.inputs).filter((input) => input.startsWith('src/main/'))
if (fromMain.length > 0) throw new Error(`The guest page's bundle must hold nothing of src/main, but it holds ${fromMain.join(', ')}.`)
await writeFile(join(root, 'dist/guest.meta.json'), JSON.stringify(guest.metafile))
// guest.js imports the code it shares with the document's chunk statically: the page preloads it, so
// that it is fetched beside guest.js. Not the document's chunk (the editor, Yjs), which guest.js
// imports once the join form is painted: compiling it beside guest.js held the form back by some
// 100 ms (workshop bench), and it is fetched and run while a name is typed.
await writePage(
  'src/renderer/guest/guest.html',
  'dist/guest/guest.html',
  staticImports(guest.metafile.outputs, 'dist/guest/guest.js').map((path) => `/w/assets/${relative(join(root, 'dist/guest'), join(root, path))}`),
)

// The relay's invite page (src/renderer/join), which it serves at /join and its files at
// /join/<file>: a page, a script that reads the invite in the page's address and a style sheet, in the
// guest folder the relay serves from. No framework, no catalog: it is one screen, in English.
await build({
  ...PAGE,
  entryPoints: [
    { in: join(root, 'src/renderer/join/join.ts'), out: 'join' },
    { in: join(root, 'src/renderer/join/join.css'), out: 'join' },
  ],
  outdir: join(root, 'dist/guest'),
  splitting: false,
})
await copyFile(join(root, 'src/renderer/join/join.html'), join(root, 'dist/guest/join.html'))

// The WebP decoder's WebAssembly (a Word export turns WebP images into PNG: src/main/export/webpToPng.ts),
// beside the bundles that load it, which find it from import.meta.url.
const WEBP_DECODER = join(root, 'node_modules/@jsquash/webp/codec/dec/webp_dec.wasm')

// The desktop app: Electron provides `electron`; the preload runs sandboxed, so it is CommonJS, whole.
const desktopMain = await build({
  entryPoints: { main: join(root, 'src/main/electron/main.ts'), importWorker: IMPORT_WORKER, searchIndexWorker: SEARCH_WORKER },
  outdir: join(root, 'dist/electron'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // The app prints with Electron (ElectronPrinter), never Playwright, which the services load only without a printer given.
  external: ['electron', 'playwright-core'],
  sourcemap: 'linked',
  banner: REQUIRE_BANNER,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
})
const preload = await build({
  entryPoints: [join(root, 'src/main/electron/preload.ts')],
  outfile: join(root, 'dist/electron/preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
})

// The desktop app's third-party notices: every npm package bundled into dist/electron and
// dist/renderer, with its license and its text, which the About dialog (src/renderer/app/AboutDialog.tsx)
// lists. A module rather than JSON, as the page's CSP lets it load scripts of its own but fetch
// nothing. The paths of those bundles' inputs are kept in dist, out of the package, for
// tests/integration/packaging to check the notices against.
const desktop = [renderer.metafile, desktopMain.metafile, preload.metafile]
const notices = await thirdPartyNotices(desktop, root)
await copyFile(WEBP_DECODER, join(root, 'dist/cli/webp_dec.wasm'))
await copyFile(WEBP_DECODER, join(root, 'dist/electron/webp_dec.wasm'))
await writeFile(join(root, 'dist/renderer/third-party-notices.js'), `export default ${JSON.stringify(notices)}\n`)
await writeFile(join(root, 'dist/desktop.inputs.json'), JSON.stringify(desktop.flatMap(({ inputs }) => Object.keys(inputs))))
await writeIcons(root)

/** The chunks a bundle's `entry` output imports statically, which it cannot run without. */
function staticImports(outputs, entry) {
  return outputs[entry].imports.filter((imported) => imported.kind === 'import-statement').map(({ path }) => path)
}

/** Writes the page `source` as `target`, asking for each of `preloads` (their addresses) before its script. */
async function writePage(source, target, preloads) {
  const page = await readFile(join(root, source), 'utf8')
  const links = preloads.map((href) => `<link rel="modulepreload" href="${href}" />`)
  await writeFile(join(root, target), page.replace('<script type="module"', `${links.join('\n    ')}\n    <script type="module"`))
}
