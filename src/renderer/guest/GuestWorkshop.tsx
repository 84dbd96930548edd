import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { isLanguage } from '../../shared/model/languages.js'
import { formatCode, wsUrl } from '../../shared/protocol/workshops.js'
import { DocumentEditor } from '../editor/DocumentEditor.js'
import { PresenceList } from '../editor/PresenceList.js'
import { useDocumentMeta } from '../editor/useDocumentMeta.js'
import { endingText } from './endingText.js'
import { endTime } from './endTime.js'
import { mark } from './guestMarks.js'
import { guestImages } from './guestImages.js'
import { type Ending, GuestSession } from './GuestSession.js'
import type { GuestVisit } from './guestStorage.js'
import { ticketWriter } from './ticketWriter.js'

interface Props {
  visit: GuestVisit
  /** Told once the relay ends the guest's part, to keep it for a reload. */
  onEnded: (ending: Ending) => void
  onJoinAgain: () => void
}

/** The workshop's document, once its session is open: what this browser kept, or the relay's first sync. */
export function GuestWorkshop({ visit, onEnded, onJoinAgain }: Props) {
  const { t } = useTranslation()
  const { ticket } = visit
  const [session, setSession] = useState<GuestSession | null>(null)
  const writer = useMemo(() => ticketWriter(ticket.token), [ticket.token])
  // Read once: an ending this page stores later must not open the session again.
  const [keptEnding] = useState(visit.ended ?? null)

  useEffect(() => {
    if (!writer) return
    let current = true
    // The relay is the page's own origin: ws:// beside http://, wss:// beside https://.
    const opened = new GuestSession(ticket, writer, wsUrl(location.origin), keptEnding)
    opened.open().then(() => current && setSession(opened))
    return () => {
      current = false
      opened.destroy()
    }
  }, [ticket, writer, keptEnding])

  if (!writer) return <Ended text={t('guest.closed.tokenInvalid')} textStays={false} onJoinAgain={onJoinAgain} />
  if (!session) return <p role="status">{t('editor.opening')}</p>
  return <OpenWorkshop session={session} color={visit.color} onEnded={onEnded} onJoinAgain={onJoinAgain} />
}

function OpenWorkshop({ session, color, onEnded, onJoinAgain }: { session: GuestSession; color: string } & Omit<Props, 'visit'>) {
  const { t, i18n } = useTranslation()
  const { connection, ending } = useSyncExternalStore(session.subscribe, () => session.current)
  const meta = useDocumentMeta(session.doc)
  const language = meta.language ?? (isLanguage(i18n.language) ? i18n.language : 'en')
  const { ticket } = session
  const writer = session.comments.writer
  const user = useMemo(() => ({ name: writer.name, ...(writer.city ? { city: writer.city } : {}), color }), [writer, color])
  const said = ending && endingText(t, i18n.language, ending, ticket)
  const editor = useRef<HTMLDivElement>(null)
  const [unsent, setUnsent] = useState<string | null>(null)
  const images = useMemo(() => guestImages(ticket, { onUnsent: setUnsent }), [ticket])

  // Nothing more may be added once it ended, and a reload shows the ending again.
  const endedText = said?.text
  useEffect(() => {
    if (!ending || endedText === undefined) return
    session.comments.close(endedText)
    onEnded(ending)
  }, [session, ending, endedText, onEnded])
  useEffect(() => whenEditable(editor.current, () => mark('editableAt')), [])

  return (
    <main className="guest-workshop">
      <header className="document-header guest-header">
        <div>
          <p className="eyebrow">
            {t('guest.pageTitle', { code: formatCode(ticket.code) })}
            {!ending && ` · ${t('guest.endsAt', { time: endTime(i18n.language, ticket.endsAt) })}`}
          </p>
          <h1>{meta.title}</h1>
        </div>
        <div className="document-status">
          {!ending && (
            <span className={`badge guest-connection guest-${connection}`} data-testid="guest-connection" role="status">
              {connection === 'online' ? t('app.connection.online') : connection === 'offline' ? t('app.connection.offline') : t('guest.connecting')}
            </span>
          )}
          <PresenceList awareness={session.awareness} />
        </div>
      </header>
      {connection === 'offline' && !ending && <p className="hint">{t('guest.offlineNote')}</p>}
      {unsent && (
        <p role="alert" className="problem">
          {t('guest.imageNotSent', { reason: unsent })}
        </p>
      )}
      {said && <Ended text={said.text} textStays onJoinAgain={said.joinAgain ? onJoinAgain : null} />}
      <div ref={editor} data-testid="guest-editor">
        <DocumentEditor comments={session.comments} peer={session} user={user} editable={!ending} language={language} images={images} />
      </div>
    </main>
  )
}

/** Why the guest's part ended, and whether the text stays to read below. */
function Ended({ text, textStays, onJoinAgain }: { text: string; textStays: boolean; onJoinAgain: (() => void) | null }) {
  const { t } = useTranslation()
  return (
    <div className="notice guest-ended" role="alert" data-testid="guest-ended">
      <p>{text}</p>
      {textStays && <p>{t('guest.readOnly')}</p>}
      {onJoinAgain && (
        <button type="button" onClick={onJoinAgain}>
          {t('guest.joinAgain')}
        </button>
      )}
    </div>
  )
}

/** Calls `then` once an editable body is in `container`: the editor draws it after this page's first render. */
function whenEditable(container: HTMLElement | null, then: () => void): (() => void) | undefined {
  if (!container) return
  const editable = () => container.querySelector('[contenteditable="true"]') !== null
  if (editable()) return void then()
  const observer = new MutationObserver(() => {
    if (!editable()) return
    observer.disconnect()
    then()
  })
  observer.observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] })
  return () => observer.disconnect()
}
