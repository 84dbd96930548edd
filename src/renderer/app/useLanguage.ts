import { useCallback, useState } from 'react'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { Language } from '../../shared/model/languages.js'
import { showLanguage } from '../i18n/i18n.js'

/**
 * The window's language as the user chose it (or the system's, until they do), and the way to
 * choose another: shown at once, and kept in the settings. Rejects if it could not be kept.
 */
export function useLanguage(api: CasebookApi, initial: Language): [Language, (language: Language) => Promise<void>] {
  const [language, setLanguage] = useState(initial)
  const choose = useCallback(
    async (chosen: Language) => {
      setLanguage(chosen)
      await Promise.all([showLanguage(chosen), api.request('settings.setLanguage', { language: chosen })])
    },
    [api],
  )
  return [language, choose]
}
