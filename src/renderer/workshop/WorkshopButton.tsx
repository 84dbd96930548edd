import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { DEFAULT_WORKSHOP_MINUTES, MAX_WORKSHOP_MINUTES } from '../../shared/protocol/workshops.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

/** A workshop the user started, as the editor opens its view. */
export interface StartedWorkshop {
  network: string
  code: string
}

interface Props {
  api: CasebookApi
  /** The document. */
  id: string
  /** Whether the user facilitates the document's network (with an invite): only they may start one. */
  facilitator: boolean
  onOpen: (workshop: StartedWorkshop) => void
}

/**
 * In the editor's header: *Workshop running* while a workshop started here on the document runs,
 * which shows its view again; otherwise, for a facilitator, *Start workshop*, which asks for how many
 * minutes, starts it and shows its view.
 */
export function WorkshopButton({ api, id, facilitator, onOpen }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const networkLabel = useNetworkLabel()
  const field = useId()
  const [running, setRunning] = useState<StartedWorkshop | null>(null)
  const [choosing, setChoosing] = useState(false)
  const [minutes, setMinutes] = useState(String(DEFAULT_WORKSHOP_MINUTES))
  const [starting, setStarting] = useState(false)
  const [problem, setProblem] = useState<Error | null>(null)

  useEffect(() => {
    let current = true
    api.request('workshops.running', { id }).then(
      (workshop) => current && setRunning(workshop),
      () => {},
    )
    return () => {
      current = false
    }
  }, [api, id])

  if (running)
    return (
      <button type="button" className="primary" data-testid="workshop-running" onClick={() => onOpen(running)}>
        {t('workshop.start.running')}
      </button>
    )
  if (!facilitator) return null

  const start = (event: FormEvent) => {
    event.preventDefault()
    setStarting(true)
    api
      .request('workshops.start', { id, minutes: Number(minutes) })
      .then(
        ({ network, code }) => onOpen({ network, code }),
        (failure: Error) => setProblem(failure),
      )
      .finally(() => setStarting(false))
  }
  return (
    <div className="workshop-start">
      <button type="button" aria-expanded={choosing} data-testid="workshop-start" onClick={() => setChoosing(!choosing)}>
        {t('workshop.start.button')}
      </button>
      {choosing && (
        <form className="workshop-start-form" onSubmit={start} aria-label={t('workshop.start.button')}>
          <label htmlFor={field}>{t('workshop.start.minutes')}</label>
          <input
            id={field}
            type="number"
            min={1}
            max={MAX_WORKSHOP_MINUTES}
            required
            value={minutes}
            data-testid="workshop-minutes"
            onChange={(event) => setMinutes(event.target.value)}
          />
          <button type="submit" className="primary" disabled={starting} data-testid="workshop-start-confirm">
            {starting ? t('workshop.start.starting') : t('workshop.start.start')}
          </button>
          <button type="button" onClick={() => setChoosing(false)}>
            {t('workshop.view.cancel')}
          </button>
          {problem && (
            <p role="alert" className="problem">
              {errorText(t, format, problem, networkLabel)}
            </p>
          )}
        </form>
      )}
    </div>
  )
}
