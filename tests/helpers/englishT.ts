import i18next, { type TFunction } from 'i18next'
import en from '../../src/renderer/locales/en.json' with { type: 'json' }

/** t() over the English catalog, as the window has it when it speaks English. */
export async function englishT(): Promise<TFunction> {
  const i18n = i18next.createInstance()
  await i18n.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } })
  return i18n.t
}
