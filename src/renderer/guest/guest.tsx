import '../noEval.js'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { readCode, WORKSHOP_PAGE_PREFIX } from '../../shared/protocol/workshops.js'
import { i18n, showLanguage } from '../i18n/i18n.js'
import { matchLanguage } from '../i18n/matchLanguage.js'
import { GuestPage } from './GuestPage.js'

/**
 * A workshop's guest page, served by the relay at /w/<code> (guest.html): a bundle of its own
 * (scripts/build.mjs) built from the renderer's editor, with no back end but the relay. It speaks the
 * browser's language, loading that one catalog before it first draws.
 */
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language
})
await showLanguage(matchLanguage(navigator.languages)).catch(() => {})
createRoot(document.getElementById('root')!).render(
  <I18nextProvider i18n={i18n}>
    <GuestPage code={codeIn(location.pathname)} />
  </I18nextProvider>,
)

/** The workshop's code in the page's path (`/w/K7Q4-2MXR`), or null. */
function codeIn(path: string): string | null {
  if (!path.startsWith(WORKSHOP_PAGE_PREFIX)) return null
  try {
    return readCode(decodeURIComponent(path.slice(WORKSHOP_PAGE_PREFIX.length).replace(/\/$/, '')))
  } catch {
    return null
  }
}
