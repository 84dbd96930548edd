import { Fragment, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EXPORT_MIME_TYPES } from '../../shared/export/exportFormat.js'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { EXPORT_CHOICES, type ExportChoice } from '../shared/exportChoices.js'
import { saveDownload } from '../shared/saveDownload.js'

const SAVED_SHOWN_MS = 6000
type State = { working: ExportChoice } | { saved: string; leftOut: boolean; missingImages: number } | { problem: Error } | null

/**
 * The editor's Export menu: the document as a Word file, a PDF on A4 or Letter paper, a web page or
 * Markdown. The back end makes the file; the browser saves it (saveDownload). One export at a time.
 * `openRequests` counts the times the menu was asked to open from outside (the desktop app's menu).
 */
export function ExportMenu({ api, id, published, openRequests }: { api: CasebookApi; id: string; published: boolean; openRequests: number }) {
  const { t } = useTranslation()
  const format = useFormats()
  const menu = useRef<HTMLDetailsElement>(null)
  const [state, setState] = useState<State>(null)
  // A published document is exported as its network published it unless asked (a version not on this device yet cannot be).
  const [current, setCurrent] = useState(false)
  // Off unless asked: a file sent outside the network should not carry the members' discussion by surprise.
  const [comments, setComments] = useState(false)
  const working = state !== null && 'working' in state

  // A click elsewhere, or Escape, closes the menu, as a menu does.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current
      if (!details?.open) return
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false
        if (event instanceof KeyboardEvent) details.querySelector('summary')?.focus()
      }
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [])

  // The desktop menu's File → Export opens the menu, at its first format, as a click on it would;
  // requests made before this document was open are not for it.
  const answered = useRef(openRequests)
  useEffect(() => {
    const details = menu.current
    if (openRequests === answered.current || !details) return
    answered.current = openRequests
    details.open = true
    details.querySelector<HTMLButtonElement>('ul button')?.focus()
  }, [openRequests])

  // "Exported as …" stays a few seconds: it would hide the details panel's heading for good. Unless
  // something was left out or an image was missing, which is for the user to read, until the next export.
  useEffect(() => {
    if (!state || !('saved' in state) || state.leftOut || state.missingImages > 0) return
    const timer = setTimeout(() => setState(null), SAVED_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [state])

  const run = async (choice: ExportChoice) => {
    if (menu.current) menu.current.open = false
    setState({ working: choice })
    try {
      const text = published && current ? 'current' : 'published'
      const { name, bytes, leftOut, missingImages } = await api.request('documents.export', {
        id,
        format: choice.format,
        paper: choice.paper,
        text,
        comments: choice.format === 'docx' && comments,
      })
      // Markdown with images comes as a .zip of the text and its images folder.
      saveDownload(name, bytes, name.endsWith('.zip') ? 'application/zip' : EXPORT_MIME_TYPES[choice.format])
      setState({ saved: name, leftOut: leftOut.length > 0, missingImages })
    } catch (error) {
      setState({ problem: error as Error })
    }
  }

  return (
    <div className="export">
      <details ref={menu} className="menu">
        <summary>{t('export.button')}</summary>
        <ul aria-label={t('export.formats')}>
          {published && (
            <li className="export-text">
              <label className="export-text-choice">
                <input type="checkbox" checked={current} onChange={(event) => setCurrent(event.target.checked)} />
                {t('export.currentText')}
              </label>
            </li>
          )}
          {EXPORT_CHOICES.map((choice) => (
            <Fragment key={choice.label}>
              <li>
                <button type="button" disabled={working} onClick={() => void run(choice)}>
                  {t(choice.label)}
                </button>
              </li>
              {/* Word alone keeps comments: the choice stands under it. */}
              {choice.format === 'docx' && (
                <li className="export-text">
                  <label className="export-text-choice">
                    <input type="checkbox" checked={comments} onChange={(event) => setComments(event.target.checked)} />
                    {t('export.comments')}
                  </label>
                </li>
              )}
            </Fragment>
          ))}
        </ul>
      </details>
      {state && 'working' in state && (
        <p role="status" className="export-status">
          {t('export.working', { format: t(state.working.label) })}
        </p>
      )}
      {state && 'saved' in state && (
        <p role="status" className="export-status">
          {t('export.saved', { name: state.saved })}
          {state.leftOut && ` ${t('export.leftOut')}`}
          {state.missingImages > 0 && ` ${t('export.missingImages', { count: state.missingImages })}`}
        </p>
      )}
      {state && 'problem' in state && (
        <div className="export-status">
          <p role="alert" className="problem">
            {errorText(t, format, state.problem)}
          </p>
          <button type="button" className="quiet" onClick={() => setState(null)}>
            {t('export.dismiss')}
          </button>
        </div>
      )}
    </div>
  )
}
