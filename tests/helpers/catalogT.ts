import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import i18next, { type TFunction } from 'i18next'
import type { Language } from '../../src/shared/model/languages.js'

/** t() over a language's catalog, as the window has it when it speaks that language. */
export async function catalogT(language: Language): Promise<TFunction> {
  const catalog = JSON.parse(readFileSync(join(import.meta.dirname, `../../src/renderer/locales/${language}.json`), 'utf8')) as object
  const i18n = i18next.createInstance()
  await i18n.init({ lng: language, resources: { [language]: { translation: catalog } }, interpolation: { escapeValue: false } })
  return i18n.t
}
