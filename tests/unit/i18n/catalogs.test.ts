import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../../src/renderer/i18n/loadCatalog.js'
import { LANGUAGES, type Language } from '../../../src/shared/model/languages.js'
import { type Node, SyntaxKind } from 'typescript/unstable/ast'
import { baseKey, catalogProblems, flatten } from './catalogs.js'
import { rendererSourceFiles } from './rendererSource.js'

const LOCALES = join(import.meta.dirname, '../../../src/renderer/locales')
const catalogs = readdirSync(LOCALES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ language: name.slice(0, -'.json'.length), catalog: JSON.parse(readFileSync(join(LOCALES, name), 'utf8')) as object }))
const english = flatten(catalogs.find(({ language }) => language === 'en')!.catalog)

/** Every string literal in the renderer's source: where keys are named, in t('…') or in the typed maps of keys chosen at run time. */
function rendererStrings(): Set<string> {
  const strings = new Set<string>()
  const visit = (node: Node): void => {
    if (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) strings.add((node as Node & { text: string }).text)
    node.forEachChild(visit)
  }
  for (const { file } of rendererSourceFiles()) visit(file)
  return strings
}

/**
 * Whether a French message lacks the no-break space (U+00A0, or the narrow U+202F) before a ':',
 * ';', '?' or '!' that ends a phrase. What is quoted in « » is what the user types, kept as it is
 * (`champ: valeur`), and a mark inside a word (`https://`, `10:00`, `mailto:.`) is not punctuation.
 */
function frenchSpacingWrong(message: string): boolean {
  const prose = message.replace(/«[^»]*»/g, '« »')
  return /[^\u00a0\u202f][:;?!](\s|$)/.test(prose)
}

describe('the catalogs', () => {
  it('are each of a language the window offers, and loaded by it', async () => {
    for (const { language, catalog } of catalogs) {
      expect(LANGUAGES).toContain(language)
      expect(await loadCatalog(language as Language)).toEqual(catalog)
    }
  })

  it('hold every key of en.json, with the plural forms of their language, and keep its placeholders', () => {
    const others = catalogs.filter(({ language }) => language !== 'en')
    expect(others.flatMap(({ language, catalog }) => catalogProblems(english, flatten(catalog), language))).toEqual([])
    // English against itself: its own plural forms are the ones its rules need.
    expect(catalogProblems(english, english, 'en')).toEqual([])
  })

  it('tell what a translation lacks or adds: a key, a plural form of its language, a placeholder', () => {
    const planted: Record<string, string> = {
      ...english,
      'library.count_one': '{{count, number}} documento',
      'library.count_other': '{{count, number}} documentos',
      'library.extra': 'Sobra',
    }
    delete planted['library.title']
    planted['library.row.trashLabel'] = 'Mover a la papelera'
    expect(catalogProblems(english, planted, 'es').filter((problem) => !problem.includes('_many'))).toEqual([
      'es: library.title is missing',
      'es: library.row.trashLabel has no placeholders, not title',
      'es: library.extra is not in en.json',
    ])
    // Spanish has a form for large round numbers ("1 millón de documentos") that English has not.
    expect(catalogProblems(english, planted, 'es')).toContain('es: library.count_many is missing')
  })

  it('in French, have a no-break space before : ; ? and ! (the glossary’s typography)', () => {
    const french = flatten(catalogs.find(({ language }) => language === 'fr')!.catalog)
    expect(Object.entries(french).filter(([, message]) => frenchSpacingWrong(message))).toEqual([])
    // What the check finds: an ASCII space, or none, before the mark; not a URL or a time.
    expect(['Word : {{message}}', 'omis; les', 'Prêt ?', 'https://, ou mailto:.', '10:00:00Z', 'Word\u00a0: x'].map(frenchSpacingWrong)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ])
  })

  it('name the trash by the glossary’s term wherever a key is about it', () => {
    const TRASH: Record<string, string> = { en: 'trash', es: 'papelera', 'pt-BR': 'lixeira', fr: 'corbeille', 'zh-CN': '回收站' }
    const astray = catalogs.flatMap(({ language, catalog }) =>
      Object.entries(flatten(catalog))
        .filter(([key, message]) => /trash/i.test(key) && !message.toLowerCase().includes(TRASH[language]!))
        .map(([key, message]) => `${language}: ${key}: ${message}`),
    )
    expect(astray).toEqual([])
  })

  it('hold no key the renderer does not use', () => {
    const used = rendererStrings()
    const unused = [...new Set(Object.keys(english).map(baseKey))].filter((key) => !used.has(key))
    expect(unused).toEqual([])
  })
})
