import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCode } from '../../shared/protocol/workshops.js'
import { forgetVisit, type GuestVisit, storedVisit, storeVisit } from './guestStorage.js'
import { JoinForm } from './JoinForm.js'
import { useChunk } from '../shared/useChunk.js'

/** The workshop's document: the editor, Yjs, IndexedDB and the relay's providers, a chunk of its own. */
const loadDocument = () => import('./GuestWorkshop.js')

/**
 * The guest page of the workshop whose code is in the address (null when it holds none): the join
 * form, then the document. A ticket this tab already holds opens the
 * document at once, so a reload does not exchange the code again.
 */
export function GuestPage({ code }: { code: string | null }) {
  const { t } = useTranslation()
  const [visit, setVisit] = useState<GuestVisit | null>(() => (code ? storedVisit(code) : null))
  // Once the form is painted: it is fetched and run while a name is typed.
  const [editorModule] = useChunk(loadDocument)

  useEffect(() => {
    document.title = code ? t('guest.pageTitle', { code: formatCode(code) }) : t('app.name')
  }, [code, t])

  if (!code) {
    return (
      <main className="guest-join">
        <h1>{t('app.name')}</h1>
        <p role="alert" className="problem" data-testid="guest-refusal">
          {t('guest.refused.noWorkshop')}
        </p>
      </main>
    )
  }
  if (!visit) {
    return (
      <JoinForm
        code={code}
        onJoined={(joined) => {
          storeVisit(joined)
          setVisit(joined)
        }}
      />
    )
  }
  if (editorModule === 'failed') {
    return (
      <main className="guest-join">
        <p role="alert" className="problem">
          {t('app.editorFailed.body')}
        </p>
        <button type="button" onClick={() => location.reload()}>
          {t('app.editorFailed.tryAgain')}
        </button>
      </main>
    )
  }
  if (!editorModule) return <p role="status">{t('editor.opening')}</p>
  return (
    <editorModule.GuestWorkshop
      visit={visit}
      onEnded={(ended) => storeVisit({ ...visit, ended })}
      onJoinAgain={() => {
        forgetVisit(code)
        setVisit(null)
      }}
    />
  )
}
