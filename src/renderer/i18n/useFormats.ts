import { useTranslation } from 'react-i18next'
import { formats, type Formats } from './formats.js'

/** Intl's formatters are costly to make: one set per language, shared by every row of the library. */
const made = new Map<string, Formats>()

/** The window's formats, in the language it is shown in. */
export function useFormats(): Formats {
  const { i18n } = useTranslation()
  const shown = made.get(i18n.language) ?? formats(i18n.language)
  made.set(i18n.language, shown)
  return shown
}
