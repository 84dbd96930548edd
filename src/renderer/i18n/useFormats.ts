import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formats, type Formats } from './formats.js'

/** The window's formats, made again when its language changes. */
export function useFormats(): Formats {
  const { i18n } = useTranslation()
  return useMemo(() => formats(i18n.language), [i18n.language])
}
