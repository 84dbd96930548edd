import { builtinModules } from 'node:module'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked over a source tree:
 * - shared imports nothing else from src, and nothing that needs Node, a DOM, Electron or React;
 * - main, renderer and relay never import each other;
 * - cli, the command line, sits above main and relay and may use both; nothing imports it;
 * - only src/main/electron/ imports electron;
 * - renderer imports no Node module: neither a builtin nor a package that needs Node;
 * - import() and require() take a string literal, never a template literal, so that these rules can read them.
 */
export interface Violation {
  file: string
  specifier: string
  rule: string
}

const RUNTIMES = ['shared', 'main', 'renderer', 'relay', 'cli'] as const
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))
/** Packages that run in Node only: a browser page cannot load them. */
const NODE_ONLY = ['ws', 'better-sqlite3', 'electron-store', 'electron-log', 'pino', 'jose', 'prom-client']
const NOT_FOR_SHARED = ['electron', 'react', 'react-dom', '@tiptap/react', '@tiptap/html', 'happy-dom']
const COMPUTED_IMPORT = /(?:^|[^\w$.])(?:import|require)\s*\(\s*(`[^`]*`)/g
const IMPORT =
  /(?:^|[^\w$.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w$.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w$.])import\s+['"]([^'"]+)['"]|(?:^|[^\w$.])require\s*\(\s*['"]([^'"]+)['"]\s*\)/g

export function checkDependencyRules(srcDir: string): Violation[] {
  const violations: Violation[] = []
  for (const file of sourceFiles(srcDir)) {
    const path = relative(srcDir, file).split(sep).join('/')
    const runtime = path.split('/')[0]
    const source = readFileSync(file, 'utf8')
    for (const [, specifier = ''] of source.matchAll(COMPUTED_IMPORT)) {
      violations.push({ file: path, specifier, rule: 'import() and require() take a string literal, which these rules can check' })
    }
    for (const specifier of importsOf(source)) {
      const report = (rule: string) => violations.push({ file: path, specifier, rule })
      const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
      const isNode = NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(packageName ?? '') || NODE_ONLY.includes(packageName ?? '')
      if (specifier.startsWith('.')) {
        const target = relative(srcDir, resolve(dirname(file), specifier))
          .split(sep)
          .join('/')
        const targetRuntime = target.split('/')[0]
        if (target.startsWith('..')) report('imports from outside src')
        else if (runtime === 'shared' && targetRuntime !== 'shared') report('shared imports nothing else from src')
        else if (runtime === 'cli' && targetRuntime === 'renderer') report('cli runs in Node and does not import the renderer')
        else if (runtime !== 'cli' && runtime !== 'shared' && targetRuntime !== runtime && targetRuntime !== 'shared')
          report(`${runtime} and ${targetRuntime} never import each other`)
      } else if (packageName === 'electron' && !path.startsWith('main/electron/')) {
        report('only src/main/electron/ imports electron')
      } else if (runtime === 'shared' && (isNode || NOT_FOR_SHARED.includes(packageName ?? ''))) {
        report('shared runs in Node, Electron and browsers: no Node, DOM, Electron or React')
      } else if (runtime === 'renderer' && isNode) {
        report('renderer imports no Node module')
      }
    }
    if (!(RUNTIMES as readonly string[]).includes(runtime ?? '')) violations.push({ file: path, specifier: '', rule: `src/${runtime} is not a runtime folder` })
  }
  return violations
}

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').filter(Boolean)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/.test(entry.name) ? [path] : []
  })
}
