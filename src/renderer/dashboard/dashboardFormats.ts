import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

/** Counts and lists of names in the window's language: "1,234", "Lagos, Quito and Jakarta". */
export function useDashboardFormats(): { number: (value: number) => string; names: (names: readonly string[]) => string } {
  const { i18n } = useTranslation()
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(i18n.language)
    const lists = new Intl.ListFormat(i18n.language, { type: 'conjunction' })
    return { number: (value) => numbers.format(value), names: (names) => lists.format(names) }
  }, [i18n.language])
}
