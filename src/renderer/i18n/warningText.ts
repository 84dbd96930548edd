import type { TFunction } from 'i18next'
import type { ImportWarning, ImportWarningCode } from '../../shared/importWarning.js'
import type { Key } from './keys.js'

const SENTENCES: Record<ImportWarningCode, Key> = {
  frontMatterFieldLeftOut: 'import.warnings.frontMatterFieldLeftOut',
  imagesAsLinks: 'import.warnings.imagesAsLinks',
  imagesNotRead: 'import.warnings.imagesNotRead',
  imageNotFound: 'import.warnings.imageNotFound',
  imageRefused: 'import.warnings.imageRefused',
  rawHtmlAsText: 'import.warnings.rawHtmlAsText',
  headingsInListItems: 'import.warnings.headingsInListItems',
  networkLeftOut: 'import.warnings.networkLeftOut',
  languageLeftOut: 'import.warnings.languageLeftOut',
  imagesLeftOut: 'import.warnings.imagesLeftOut',
  wordMessage: 'import.warnings.wordMessage',
  wordPropertyLeftOut: 'import.warnings.wordPropertyLeftOut',
}

/** An import warning as a sentence in the window's language, by its code and params (counts choose the plural). */
export function warningText(t: TFunction, warning: ImportWarning): string {
  return t(SENTENCES[warning.code], warning.params)
}
