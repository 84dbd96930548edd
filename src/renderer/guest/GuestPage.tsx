import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCode } from '../../shared/protocol/workshops.js'
import { GuestWorkshop } from './GuestWorkshop.js'
import { forgetVisit, type GuestVisit, storedVisit, storeVisit } from './guestStorage.js'
import { JoinForm } from './JoinForm.js'

/**
 * The guest page of the workshop whose code is in the address (null when it holds none): the join
 * form, then the document. A ticket this tab already holds opens the document at once, so a reload
 * does not exchange the code again.
 */
export function GuestPage({ code }: { code: string | null }) {
  const { t } = useTranslation()
  const [visit, setVisit] = useState<GuestVisit | null>(() => (code ? storedVisit(code) : null))

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
  return (
    <GuestWorkshop
      visit={visit}
      onEnded={(ended) => storeVisit({ ...visit, ended })}
      onJoinAgain={() => {
        forgetVisit(code)
        setVisit(null)
      }}
    />
  )
}
