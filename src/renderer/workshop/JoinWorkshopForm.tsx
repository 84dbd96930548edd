import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'

interface Props {
  api: CasebookApi
  /** The network's list changed (a workshop joined is one). */
  onJoined: () => void
  /** Opens the workshop's document in the editor. */
  onOpen: (id: string) => void
  /** Where the form is a dialog's: closes it. */
  onCancel?: () => void
}

/**
 * *Join a workshop*: a code (K7Q4-2MXR) or a link, exchanged for the workshop's document, which
 * then opens in the editor; each refusal said plainly.
 */
export function JoinWorkshopForm({ api, onJoined, onOpen, onCancel }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const field = useId()
  const [input, setInput] = useState('')
  const [joining, setJoining] = useState(false)
  const [problem, setProblem] = useState<Error | null>(null)
  const [waiting, setWaiting] = useState(false)
  const join = (event: FormEvent) => {
    event.preventDefault()
    setJoining(true)
    setWaiting(false)
    api
      .request('workshops.join', { input })
      .then(
        ({ document, arrived }) => {
          setProblem(null)
          setInput('')
          onJoined()
          if (arrived) onOpen(document)
          else setWaiting(true)
        },
        (failure: Error) => setProblem(failure),
      )
      .finally(() => setJoining(false))
  }
  return (
    <form className="join join-workshop" onSubmit={join} aria-labelledby={`${field}-title`}>
      <h2 id={`${field}-title`}>{t('workshop.join.title')}</h2>
      <p className="hint">{t('workshop.join.hint')}</p>
      <label className="field">
        <span>{t('workshop.join.label')}</span>
        <input
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder={t('workshop.join.placeholder')}
          spellCheck={false}
          autoCapitalize="characters"
          data-testid="workshop-join-input"
        />
      </label>
      {problem && (
        <p role="alert" className="problem">
          {errorText(t, format, problem)}
        </p>
      )}
      {waiting && (
        <p role="status" className="success">
          {t('workshop.join.waiting')}
        </p>
      )}
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('workshop.view.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={joining || input.trim() === ''} data-testid="workshop-join-button">
          {joining ? t('workshop.join.joining') : t('workshop.join.join')}
        </button>
      </div>
    </form>
  )
}
