import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../helpers/tempDir.js'
import { checkDependencyRules } from './dependencyRules.js'

/** What the rules report of a tree of the given files, as `file -> specifier`, sorted. */
function violationsIn(src: string, files: Record<string, string>): string[] {
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true })
    writeFileSync(join(src, path), source)
  }
  return checkDependencyRules(src)
    .map(({ file, specifier }) => `${file} -> ${specifier}`)
    .sort()
}

describe('dependency rules', () => {
  const temp = useTempDir()

  it('hold for the source tree', () => {
    expect(checkDependencyRules(join(import.meta.dirname, '../../src'))).toEqual([])
  })

  it('catch every kind of violation', () => {
    const src = join(temp.path, 'src')
    const files: Record<string, string> = {
      'shared/a.ts': "import { x } from '../main/x.js'\nimport fs from 'node:fs'\nimport { useState } from 'react'\nexport const a = 1",
      'shared/b.ts': "import { readFile } from 'fs/promises'\nexport * from 'electron'",
      'main/x.ts': "import { r } from '../renderer/r.js'\nimport { app } from 'electron'\nexport const x = await import('../relay/server.js')",
      'main/electron/window.ts': "import { BrowserWindow } from 'electron'\nimport { a } from '../../shared/a.js'",
      'renderer/r.ts': "import { join } from 'node:path'\nimport path from 'path'\nimport { a } from '../shared/a.js'",
      'relay/server.ts': "const m = require('../main/x.js')\nimport { c } from '../cli/cli.js'",
      'cli/cli.ts': "import { x } from '../main/x.js'\nimport { r } from '../relay/server.js'\nimport { ui } from '../renderer/r.js'",
    }
    expect(violationsIn(src, files)).toEqual(
      [
        'shared/a.ts -> ../main/x.js',
        'shared/a.ts -> node:fs',
        'shared/a.ts -> react',
        'shared/b.ts -> fs/promises',
        'shared/b.ts -> electron',
        'main/x.ts -> ../renderer/r.js',
        'main/x.ts -> electron',
        'main/x.ts -> ../relay/server.js',
        'renderer/r.ts -> node:path',
        'renderer/r.ts -> path',
        'relay/server.ts -> ../main/x.js',
        'relay/server.ts -> ../cli/cli.js',
        'cli/cli.ts -> ../renderer/r.js',
      ].sort(),
    )
  })

  const NODE_ONLY = ['ws', 'better-sqlite3', 'electron-store', 'electron-log', 'pino', 'jose/jwt/verify', 'prom-client']

  it.each(['shared', 'renderer'])('catch every Node-only package imported in %s, and one allowed in main', (runtime) => {
    const src = join(temp.path, 'src')
    const found = violationsIn(src, {
      [`${runtime}/a.ts`]: NODE_ONLY.map((name, index) => `import * as a${index} from '${name}'`).join('\n'),
      [`${runtime}/b.ts`]: NODE_ONLY.map((name) => `export const load = () => import('${name}')`).join('\n'),
      'main/ok.ts': NODE_ONLY.map((name) => `import '${name}'`).join('\n'),
    })
    expect(found).toEqual(NODE_ONLY.flatMap((name) => [`${runtime}/a.ts -> ${name}`, `${runtime}/b.ts -> ${name}`]).sort())
  })

  it('catch import() and require() with a template literal, whatever it names', () => {
    const src = join(temp.path, 'src')
    // A template literal that names a module computes it: these rules could not see where it points.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this is the planted source's template literal, as text.
    const computed = '`node:${name}`'
    const found = violationsIn(src, {
      'renderer/a.ts': `const name = 'fs'\nexport const load = () => import(${computed})`,
      'main/b.ts': 'export const load = () => import(`./ok.js`)',
      'relay/c.ts': 'const m = require( `../main/b.js`)\nexport const ok = () => import("./d.js")',
      'relay/d.ts': 'export const text = `an import(1) in a string, not a call`',
    })
    expect(found).toEqual(['main/b.ts -> `./ok.js`', 'relay/c.ts -> `../main/b.js`', `renderer/a.ts -> ${computed}`])
  })
})
