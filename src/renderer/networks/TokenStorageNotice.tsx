import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, TokenStorage } from '../../shared/ipc/contract.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { useFormats } from '../i18n/useFormats.js'

const NO_ENCRYPTION: Record<NonNullable<TokenStorage['why']>, Key> = {
  'no-keychain': 'networks.tokens.noKeychain',
  'basic-text': 'networks.tokens.basicText',
}

/**
 * Where this device keeps invite tokens, which let anyone who holds them into a network; and, where
 * they cannot be encrypted, the user's choice between joining again after each start and saving them
 * unencrypted.
 */
export function TokenStorageNotice({ api }: { api: CasebookApi }) {
  const { t } = useTranslation()
  const format = useFormats()
  const [storage, setStorage] = useState<TokenStorage | null>(null)
  const [problem, setProblem] = useState<Error | null>(null)
  useEffect(() => void api.request('settings.tokenStorage', {}).then(setStorage, setProblem), [api])
  const allow = (allowed: boolean) => api.request('settings.allowPlainTokens', { allow: allowed }).then(setStorage, setProblem)
  const problemNote = problem && <p className="problem">{errorText(t, format, problem)}</p>
  if (!storage) return problemNote
  if (storage.kept === 'encrypted') return <p className="hint token-storage">{t('networks.tokens.encrypted')}</p>
  if (storage.kept === 'file') return <p className="hint token-storage">{t('networks.tokens.file')}</p>
  return (
    <div className="notice token-storage">
      <p>
        {t(NO_ENCRYPTION[storage.why ?? 'no-keychain'])} {storage.kept === 'memory' ? t('networks.tokens.memory') : t('networks.tokens.plain')}
      </p>
      {storage.kept === 'memory' ? (
        <button type="button" onClick={() => void allow(true)}>
          {t('networks.tokens.savePlain')}
        </button>
      ) : (
        <button type="button" onClick={() => void allow(false)}>
          {t('networks.tokens.keepInMemory')}
        </button>
      )}
      {problemNote}
    </div>
  )
}
