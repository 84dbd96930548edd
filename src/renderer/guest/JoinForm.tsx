import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCode, MAX_GUEST_TEXT } from '../../shared/protocol/workshops.js'
import { guestColor } from './guestColor.js'
import { mark } from './guestMarks.js'
import { type GuestVisit, rememberedName, rememberName } from './guestStorage.js'
import { JoinRefused, joinWorkshop } from './joinWorkshop.js'
import { refusalText } from './refusalText.js'

/**
 * Asks for a name and a city, then exchanges the workshop's code for a session token. The name is
 * remembered in this browser for the next workshop; nothing else is.
 */
export function JoinForm({ code, onJoined }: { code: string; onJoined: (visit: GuestVisit) => void }) {
  const { t, i18n } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<JoinRefused | null>(null)

  const join = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const name = String(form.get('name') ?? '').trim()
    const city = String(form.get('city') ?? '').trim()
    if (!name) return
    mark('joinSentAt')
    rememberName(name)
    setBusy(true)
    setRefused(null)
    try {
      const ticket = await joinWorkshop(code, { name, ...(city ? { city } : {}) })
      onJoined({ ticket, color: guestColor() })
    } catch (error) {
      setRefused(error instanceof JoinRefused ? error : new JoinRefused('unexpected'))
      setBusy(false)
    }
  }

  return (
    <main className="guest-join">
      <h1>{t('guest.heading', { code: formatCode(code) })}</h1>
      <p className="hint">{t('guest.intro')}</p>
      <form data-testid="guest-join" onSubmit={join}>
        <label>
          {t('guest.name')}
          <input name="name" required maxLength={MAX_GUEST_TEXT} autoComplete="name" defaultValue={rememberedName()} disabled={busy} />
        </label>
        <label>
          {t('guest.city')}
          <input name="city" maxLength={MAX_GUEST_TEXT} autoComplete="address-level2" disabled={busy} />
        </label>
        <p className="hint">{t('guest.nameKept')}</p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('guest.joining') : t('guest.join')}
        </button>
        {refused && (
          <p role="alert" className="problem" data-testid="guest-refusal">
            {refusalText(t, i18n.language, refused)}
          </p>
        )}
      </form>
    </main>
  )
}
