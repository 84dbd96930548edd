import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageOfInput, thirdPartyNotices } from '../../../scripts/thirdPartyNotices.mjs'
import { useTempDirs } from '../../helpers/tempDir.js'

describe('the npm package of a bundle input', () => {
  it('is the package whose folder holds the file: plain, scoped, nested in another package, or past a symbolic link', () => {
    expect(packageOfInput('node_modules/yjs/dist/yjs.mjs')).toEqual({ name: 'yjs', dir: 'node_modules/yjs' })
    expect(packageOfInput('node_modules/@tiptap/core/dist/index.js')).toEqual({ name: '@tiptap/core', dir: 'node_modules/@tiptap/core' })
    expect(packageOfInput('node_modules/readable-stream/node_modules/safe-buffer/index.js')).toEqual({
      name: 'safe-buffer',
      dir: 'node_modules/readable-stream/node_modules/safe-buffer',
    })
    expect(packageOfInput('node_modules/@tiptap/pm/node_modules/@scope/inner/lib/a.js')).toEqual({
      name: '@scope/inner',
      dir: 'node_modules/@tiptap/pm/node_modules/@scope/inner',
    })
    // node_modules a symbolic link to another worktree's, which esbuild names by its real path.
    expect(packageOfInput('../../main/node_modules/zod/v4/core/util.js')).toEqual({ name: 'zod', dir: '../../main/node_modules/zod' })
  })

  it('is read past a namespace esbuild puts before the path, and through Windows separators', () => {
    expect(packageOfInput('(disabled):node_modules/ws/browser.js')).toEqual({ name: 'ws', dir: 'node_modules/ws' })
    expect(packageOfInput('node_modules\\@observablehq\\plot\\src\\index.js')).toEqual({ name: '@observablehq/plot', dir: 'node_modules/@observablehq/plot' })
  })

  it('is none for the app’s own sources, or a path that names no package', () => {
    expect(packageOfInput('src/renderer/main.tsx')).toBeNull()
    expect(packageOfInput('node_modules/@scope')).toBeNull()
  })
})

describe('the third-party notices', () => {
  const dirs = useTempDirs('casebook-notices-')

  it('list each package once, by name, with the version and license its package.json states and its license files’ text, or none', async () => {
    const root = dirs.make()
    const pkg = (dir: string, manifest: object, files: Record<string, string> = {}) => {
      mkdirSync(join(root, dir), { recursive: true })
      writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest))
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text)
    }
    pkg('node_modules/yjs', { name: 'yjs', version: '13.6.33', license: 'MIT' }, { LICENSE: 'The MIT License\n', 'README.md': 'not a license' })
    pkg('node_modules/@tiptap/core', { name: '@tiptap/core', version: '3.31.3', license: { type: 'MIT' } }, { 'LICENSE.md': 'MIT, tiptap' })
    pkg('node_modules/old', { name: 'old', version: '1.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }, { 'LICENCE-MIT': 'one', COPYING: 'two' })
    pkg('node_modules/bare', { name: 'bare', version: '0.1.0' })
    pkg('node_modules/isarray', { name: 'isarray', version: '1.0.0', license: 'MIT', author: { name: 'Julian Gruber', email: 'mail@juliangruber.com' } })
    const metafile = (...inputs: string[]) => ({ inputs: Object.fromEntries(inputs.map((input) => [input, {}])) })
    const notices = await thirdPartyNotices(
      [
        metafile('src/main.ts', 'node_modules/yjs/dist/yjs.mjs', 'node_modules/@tiptap/core/dist/index.js'),
        metafile('node_modules/yjs/dist/yjs.cjs', 'node_modules/old/index.js', 'node_modules/bare/index.js', 'node_modules/isarray/index.js'),
      ],
      root,
    )
    expect(notices).toEqual([
      { name: '@tiptap/core', version: '3.31.3', license: 'MIT', text: 'MIT, tiptap' },
      { name: 'bare', version: '0.1.0', license: 'not stated', text: null },
      // MIT, with no license file: the license's text, with its author's copyright.
      {
        name: 'isarray',
        version: '1.0.0',
        license: 'MIT',
        text: expect.stringMatching(/^MIT License\n\nCopyright \(c\) Julian Gruber\n\nPermission is hereby granted/),
      },
      { name: 'old', version: '1.0.0', license: 'MIT OR Apache-2.0', text: 'two\n\none' },
      { name: 'yjs', version: '13.6.33', license: 'MIT', text: 'The MIT License' },
    ])
  })
})
