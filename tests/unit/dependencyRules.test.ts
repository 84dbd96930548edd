import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../helpers/tempDir.js'
import { checkDependencyRules } from './dependencyRules.js'

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
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(src, path)), { recursive: true })
      writeFileSync(join(src, path), source)
    }
    const found = checkDependencyRules(src).map(({ file, specifier }) => `${file} -> ${specifier}`)
    expect(found.sort()).toEqual(
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
})
