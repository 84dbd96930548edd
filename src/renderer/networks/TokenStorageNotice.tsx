import { useEffect, useState } from 'react'
import type { CasebookApi, TokenStorage } from '../../shared/ipc/contract.js'

const NO_ENCRYPTION: Record<NonNullable<TokenStorage['why']>, string> = {
  'no-keychain': 'This computer offers Casebook no keychain to encrypt your invites with.',
  'basic-text': 'Casebook found no keyring on this computer (such as GNOME Keyring or KWallet) to encrypt your invites with.',
}

/**
 * Where this device keeps invite tokens, which let anyone who holds them into a network; and, where
 * they cannot be encrypted, the user's choice between joining again after each start and saving them
 * unencrypted.
 */
export function TokenStorageNotice({ api }: { api: CasebookApi }) {
  const [storage, setStorage] = useState<TokenStorage | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => void api.request('settings.tokenStorage', {}).then(setStorage, (failure: Error) => setProblem(failure.message)), [api])
  const allow = (allowed: boolean) =>
    api.request('settings.allowPlainTokens', { allow: allowed }).then(setStorage, (failure: Error) => setProblem(failure.message))
  if (!storage) return problem ? <p className="problem">{problem}</p> : null
  if (storage.kept === 'encrypted') return <p className="hint token-storage">Your invites are encrypted with this computer’s keychain.</p>
  if (storage.kept === 'file') {
    return (
      <p className="hint token-storage">
        Your invites are saved unencrypted in settings.json, in Casebook’s data folder, which only your user account can read.
      </p>
    )
  }
  return (
    <div className="notice token-storage">
      <p>
        {NO_ENCRYPTION[storage.why ?? 'no-keychain']}{' '}
        {storage.kept === 'memory'
          ? 'So they are kept only until Casebook quits: you will have to join your networks again next time.'
          : 'As you chose, they are saved unencrypted on this computer, where only your user account can read them; anyone who can read your files could join your networks as you.'}
      </p>
      {storage.kept === 'memory' ? (
        <button type="button" onClick={() => void allow(true)}>
          Save invites unencrypted on this computer
        </button>
      ) : (
        <button type="button" onClick={() => void allow(false)}>
          Keep invites only until Casebook quits
        </button>
      )}
      {problem && <p className="problem">{problem}</p>}
    </div>
  )
}
