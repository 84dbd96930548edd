import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, WorkshopView } from '../../shared/ipc/contract.js'
import { formatCode, type WorkshopGuest } from '../../shared/protocol/workshops.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { caretLabel } from '../shared/caretLabel.js'
import { ProjectorView } from './ProjectorView.js'
import { QrCode } from './QrCode.js'
import { isOver, useWorkshopStatus } from './useWorkshopStatus.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

export interface WorkshopScreenProps {
  api: CasebookApi
  network: string
  code: string
  /** The title of the workshop's document. */
  title: string
  /** Back to the workshop's document. */
  onBack: () => void
}

/**
 * A workshop its facilitator started: the code to read aloud, the link and its QR code, when it ends,
 * who joined (asked every two seconds), removing one person or ending it (each confirmed), and a
 * projector mode that shows the code, the QR code and the link across the whole window.
 */
export function WorkshopScreen({ api, network, code, title, onBack }: WorkshopScreenProps) {
  const { t } = useTranslation()
  const format = useFormats()
  const networkLabel = useNetworkLabel()
  const { view, problem: asking, take } = useWorkshopStatus(api, network, code)
  const [projector, setProjector] = useState(false)
  const [confirming, setConfirming] = useState<WorkshopGuest | 'end' | null>(null)
  const [problem, setProblem] = useState<Error | null>(null)
  const act = (request: Promise<WorkshopView>) =>
    request.then(
      (answer) => {
        take(answer)
        setConfirming(null)
        setProblem(null)
      },
      (failure: Error) => setProblem(failure),
    )
  const over = view !== null && isOver(view)
  const failure = problem ?? asking

  return (
    <section className="workshop" aria-labelledby="workshop-title">
      <header className="screen-header">
        <h1 id="workshop-title">{t('workshop.view.title', { title })}</h1>
        <div className="header-actions">
          <button type="button" data-testid="workshop-projector" disabled={view === null || over} onClick={() => setProjector(true)}>
            {t('workshop.view.projector')}
          </button>
          <button type="button" onClick={onBack}>
            {t('workshop.view.back')}
          </button>
        </div>
      </header>
      {failure && (
        <p role="alert" className="problem">
          {errorText(t, format, failure, networkLabel)}
        </p>
      )}
      {view === null ? (
        !failure && <p role="status">{t('workshop.view.loading')}</p>
      ) : (
        <>
          {over && (
            <p role="status" className="notice" data-testid="workshop-ended">
              {t('workshop.view.ended', { time: format.time(new Date(view.endedAt ?? view.endsAt).toISOString()) })}
            </p>
          )}
          <div className="workshop-entry">
            <dl className="workshop-facts">
              <dt>{t('workshop.view.code')}</dt>
              <dd className="workshop-code" data-testid="workshop-code">
                {formatCode(view.code)}
              </dd>
              <dt>{t('workshop.view.link')}</dt>
              <dd className="workshop-link" data-testid="workshop-link">
                {view.link}
              </dd>
              {!over && (
                <>
                  <dt>{t('workshop.view.ends')}</dt>
                  <dd data-testid="workshop-ends">{format.time(new Date(view.endsAt).toISOString())}</dd>
                </>
              )}
            </dl>
            {!over && <QrCode className="workshop-qr" testId="workshop-qr" text={view.link} label={t('workshop.view.qr', { link: view.link })} />}
          </div>
          <Guests
            guests={view.guests}
            capacity={view.capacity}
            over={over}
            confirming={confirming}
            onRemove={setConfirming}
            onConfirm={(guest) => act(api.request('workshops.remove', { network, code, guest: guest.id }))}
            onCancel={() => setConfirming(null)}
          />
          {!over &&
            (confirming === 'end' ? (
              <div className="confirm" role="group" aria-label={t('workshop.view.end')}>
                <p>{t('workshop.view.confirmEnd')}</p>
                <button
                  type="button"
                  className="danger"
                  data-testid="workshop-end-confirm"
                  onClick={() => act(api.request('workshops.end', { network, code }))}
                >
                  {t('workshop.view.end')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('workshop.view.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" className="danger" data-testid="workshop-end" onClick={() => setConfirming('end')}>
                {t('workshop.view.end')}
              </button>
            ))}
          {projector && !over && <ProjectorView code={view.code} link={view.link} onLeave={() => setProjector(false)} />}
        </>
      )}
    </section>
  )
}

interface GuestsProps {
  guests: WorkshopGuest[]
  capacity: number
  over: boolean
  confirming: WorkshopGuest | 'end' | null
  onRemove: (guest: WorkshopGuest) => void
  onConfirm: (guest: WorkshopGuest) => void
  onCancel: () => void
}

/** Who joined, in the order they did, each with whether they are connected now and a way to remove them. */
function Guests({ guests, capacity, over, confirming, onRemove, onConfirm, onCancel }: GuestsProps) {
  const { t } = useTranslation()
  const format = useFormats()
  return (
    <section className="workshop-guests" aria-labelledby="workshop-guests-title">
      <h2 id="workshop-guests-title">{t('workshop.view.joined', { count: guests.length, capacity })}</h2>
      {guests.length === 0 ? (
        <p className="empty">{t('workshop.view.nobody')}</p>
      ) : (
        <ul className="guest-list" data-testid="workshop-guests">
          {guests.map((guest) => {
            const label = caretLabel(guest)
            return (
              <li key={guest.id} className="guest" data-testid="workshop-guest" aria-label={label}>
                {/* Once it is over, nobody is connected to it any more. */}
                {!over && (
                  <span className={`connection connection-${guest.online ? 'online' : 'offline'}`}>
                    <span className="dot" aria-hidden="true" />
                    {guest.online ? t('workshop.view.online') : t('workshop.view.offline')}
                  </span>
                )}
                <span className="guest-name">{label}</span>
                <span className="hint">{t('workshop.view.joinedAt', { time: format.time(new Date(guest.joinedAt).toISOString()) })}</span>
                {!over &&
                  (confirming !== 'end' && confirming?.id === guest.id ? (
                    <span className="confirm" role="group" aria-label={t('workshop.view.removeName', { name: label })}>
                      <span>{t('workshop.view.confirmRemove', { name: label })}</span>
                      <button type="button" className="danger" data-testid="workshop-remove-confirm" onClick={() => onConfirm(guest)}>
                        {t('workshop.view.remove')}
                      </button>
                      <button type="button" onClick={onCancel}>
                        {t('workshop.view.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      data-testid="workshop-remove"
                      aria-label={t('workshop.view.removeName', { name: label })}
                      onClick={() => onRemove(guest)}
                    >
                      {t('workshop.view.remove')}
                    </button>
                  ))}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
