import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCode } from '../../shared/protocol/workshops.js'
import { QrCode } from './QrCode.js'

/**
 * A workshop's way in, for a projector: the code, its QR code and the link, as large as the window
 * allows. Escape, or its button, leaves it.
 */
export function ProjectorView({ code, link, onLeave }: { code: string; link: string; onLeave: () => void }) {
  const { t } = useTranslation()
  const leave = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    leave.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      onLeave()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onLeave])
  return (
    <div className="projector" role="dialog" aria-modal="true" aria-label={t('workshop.projector.label')} data-testid="workshop-projector-view">
      <p className="projector-title">{t('workshop.projector.join')}</p>
      <p className="projector-code">{formatCode(code)}</p>
      <QrCode className="projector-qr" testId="workshop-projector-qr" text={link} label={t('workshop.view.qr', { link })} />
      <p className="projector-link">{link}</p>
      <button type="button" ref={leave} className="quiet projector-leave" onClick={onLeave}>
        {t('workshop.projector.leave')}
      </button>
    </div>
  )
}
