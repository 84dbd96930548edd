import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../../helpers/tempDir.js'
import { rendererSourceFiles, userVisibleLiterals } from './rendererSource.js'

describe('the words the window shows', () => {
  const temp = useTempDir()

  it('all come from the catalogs: src/renderer holds no user-visible string literal', () => {
    const literals = rendererSourceFiles().flatMap(({ path, file }) => userVisibleLiterals(file).map(({ line, text }) => `${path}:${line}: ${text}`))
    expect(literals).toEqual([])
  })

  it('are found wherever a literal would show: JSX text, a child expression, and the attributes read aloud', () => {
    mkdirSync(join(temp.path, 'src'))
    writeFileSync(join(temp.path, 'tsconfig.json'), JSON.stringify({ compilerOptions: { jsx: 'react-jsx', strict: true, noEmit: true }, include: ['src'] }))
    writeFileSync(
      join(temp.path, 'src/planted.tsx'),
      [
        'declare const t: (key: string) => string',
        'declare const ready: boolean',
        'export const a = <p>Saved on the network</p>',
        'export const b = <p>{ready ? t("sync.saved") : "Syncing"}</p>',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted source holds a template literal.
        'export const c = <input aria-label="Search documents" title={`Move ${t("x")} to the trash`} placeholder={t("library.search.placeholder")} />',
        'export const d = <img alt="A map" />',
        "export const e = { attributes: { 'aria-label': 'Document body' } }",
        'export const f = <p className="count" data-kind="case-study"> · {t("ok")} …</p>',
      ].join('\n'),
    )
    const [planted] = rendererSourceFiles(join(temp.path, 'tsconfig.json'))
    expect(userVisibleLiterals(planted!.file)).toEqual([
      { line: 3, text: 'Saved on the network' },
      { line: 4, text: 'Syncing' },
      { line: 5, text: 'Search documents' },
      { line: 5, text: 'Move' },
      { line: 5, text: 'to the trash' },
      { line: 6, text: 'A map' },
      { line: 7, text: 'Document body' },
    ])
  })
})
