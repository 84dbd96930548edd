import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The npm package an input of an esbuild metafile comes from: its name, and its folder (the input's
 * path up to the package's own folder); null for a file of no package (the app's own sources). The
 * last node_modules in the path is the package's, so that a package nested in another's node_modules
 * is itself; a scoped package's name has two parts. esbuild may prefix a path with its namespace
 * ("(disabled):" for a module a package's browser field leaves out), which is no part of the folder.
 */
export function packageOfInput(input) {
  const path = input.replaceAll('\\', '/').replace(/^\([a-z-]+\):/, '')
  const at = path.lastIndexOf('node_modules/')
  if (at === -1) return null
  const [first, second] = path.slice(at + 'node_modules/'.length).split('/')
  if (!first || (first.startsWith('@') && !second)) return null
  const name = first.startsWith('@') ? `${first}/${second}` : first
  return { name, dir: path.slice(0, at + 'node_modules/'.length) + name }
}

/**
 * Every npm package the inputs of `metafiles` (esbuild's, their paths relative to `cwd`) come from,
 * once for each name and version, by name: its version and license as its package.json states them,
 * and the text of its license files (LICENSE, LICENCE, COPYING, with or without an extension); for an
 * MIT package that ships none, the MIT license's text with its author's copyright, which that license
 * asks to go with the code (a minified bundle keeps no header comment); otherwise null.
 */
export async function thirdPartyNotices(metafiles, cwd) {
  const dirs = new Set()
  for (const metafile of metafiles) for (const input of Object.keys(metafile.inputs)) dirs.add(packageOfInput(input)?.dir)
  dirs.delete(undefined)
  const notices = new Map()
  for (const dir of dirs) {
    const manifest = JSON.parse(await readFile(join(cwd, dir, 'package.json'), 'utf8'))
    const key = `${manifest.name}@${manifest.version}`
    if (notices.has(key)) continue
    const files = (await readdir(join(cwd, dir))).filter((file) => /^(licen[cs]e|copying)([.-][\w.-]*)?$/i.test(file)).sort()
    const texts = await Promise.all(files.map((file) => readFile(join(cwd, dir, file), 'utf8')))
    notices.set(key, {
      name: manifest.name,
      version: manifest.version,
      license: licenseOf(manifest),
      text: texts.length > 0 ? texts.join('\n\n').trim() : mitText(manifest),
    })
  }
  return [...notices.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1))
}

/** A package.json's license: an SPDX expression, or the older forms ({ type }, and a list of them in `licenses`). */
function licenseOf(manifest) {
  const { license, licenses } = manifest
  if (typeof license === 'string') return license
  if (license?.type) return license.type
  if (Array.isArray(licenses) && licenses.length > 0) return licenses.map((each) => each.type ?? each).join(' OR ')
  return 'not stated'
}

/** The MIT license's text, with the copyright of the package's author, for an MIT package; null for any other. */
function mitText({ license, author }) {
  if (license !== 'MIT') return null
  const holder = typeof author === 'string' ? author.replace(/\s*[<(].*$/, '') : author?.name
  return `MIT License

Copyright (c) ${holder || 'the authors of this package'}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`
}
