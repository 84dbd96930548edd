import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useChunk } from '../shared/useChunk.js'
import { useModalDialog } from '../shared/useModalDialog.js'

/** The app's version, package.json's, which the build writes in (scripts/build.mjs). */
declare const CASEBOOK_VERSION: string

/** An npm package bundled into the desktop app, as scripts/thirdPartyNotices.mjs lists it: `text` is null where it holds no license file and is not MIT. */
interface PackageNotice {
  name: string
  version: string
  license: string
  text: string | null
}

/**
 * The third-party notices, a module the build writes beside the page (dist/renderer), read only when
 * asked for: the page's CSP lets it load its own scripts, but fetch nothing. Its address is built at
 * run time, so that esbuild leaves the import to the browser.
 */
const loadNotices = (): Promise<{ default: PackageNotice[] }> => import(new URL('third-party-notices.js', document.baseURI).href)

interface Props {
  /** What the dialog opens on: its top, or the notices (the desktop app's Help menu has both). */
  show: 'about' | 'notices'
  onClose: () => void
}

/** About Casebook: its name, version and copyright, and the npm packages it is built from, each with its license and, opened, the license's text. */
export function AboutDialog({ show, onClose }: Props) {
  const { t } = useTranslation()
  const close = useRef<HTMLButtonElement>(null)
  const noticesHeading = useRef<HTMLHeadingElement>(null)
  const dialog = useModalDialog(show === 'notices' ? noticesHeading : close)
  const [notices, retry] = useChunk(loadNotices)
  return (
    <dialog ref={dialog} className="dialog about" aria-labelledby="about-title" onCancel={onClose}>
      <h2 id="about-title">{t('about.title')}</h2>
      <p className="about-version">{t('about.version', { version: CASEBOOK_VERSION })}</p>
      <p className="about-copyright">{t('about.copyright')}</p>
      <h3 id="about-notices" className="about-notices" ref={noticesHeading} tabIndex={-1}>
        {t('about.notices.title')}
      </h3>
      <p className="hint">{t('about.notices.intro')}</p>
      {notices === null && <p role="status">{t('about.notices.loading')}</p>}
      {notices === 'failed' && (
        <p role="alert" className="problem">
          {t('about.notices.failed')}{' '}
          <button type="button" onClick={retry}>
            {t('about.notices.tryAgain')}
          </button>
        </p>
      )}
      {notices && notices !== 'failed' && (
        <ul className="package-notices" aria-labelledby="about-notices">
          {notices.default.map(({ name, version, license, text }) => (
            <li key={`${name}@${version}`} className="package-notice">
              <details>
                <summary className="package-notice-summary">
                  <span className="package-notice-name">{name}</span> {version} · {license}
                </summary>
                {text ? <pre className="package-notice-text">{text}</pre> : <p className="hint">{t('about.notices.noText')}</p>}
              </details>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button ref={close} type="button" onClick={onClose}>
          {t('about.close')}
        </button>
      </div>
    </dialog>
  )
}
