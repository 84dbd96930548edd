import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { DOCUMENT_KINDS, SECTIONS, type DocumentKind } from '../../shared/model/kinds.js'
import { isLanguage } from '../../shared/model/languages.js'
import { errorText } from '../i18n/errorText.js'
import { KIND_LABELS } from '../i18n/modelLabels.js'
import { problemText } from '../i18n/problemText.js'
import { useFormats } from '../i18n/useFormats.js'
import { FIELD_LABELS, parseField, type TypedProblem } from '../meta/metaFields.js'
import { ShareInSelect } from '../shared/ShareInSelect.js'
import { useModalDialog } from '../shared/useModalDialog.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  onCancel: () => void
  onCreated: (id: string) => void
}

/** A new document from a template: its kind's sections, with a title, and a network to share it in. */
export function NewDocumentDialog({ api, networks, onCancel, onCreated }: Props) {
  const { t, i18n } = useTranslation()
  // The author's language, the one the window speaks: the template's, and the new document's.
  const language = isLanguage(i18n.language) ? i18n.language : 'en'
  const format = useFormats()
  const titleInput = useRef<HTMLInputElement>(null)
  const networkLabel = useNetworkLabel()
  const dialog = useModalDialog(titleInput)
  const [kind, setKind] = useState<DocumentKind>('case-study')
  const [title, setTitle] = useState('')
  const [network, setNetwork] = useState('')
  // Kept as found, and said in the window's language as it is shown.
  const [problem, setProblem] = useState<{ typed: TypedProblem } | { refused: Error } | null>(null)

  const create = (event: FormEvent) => {
    event.preventDefault()
    const checked = parseField('title', title)
    if ('problem' in checked) return setProblem({ typed: checked.problem })
    api.request('library.create', { kind, language, title: checked.patch.title as string, ...(network ? { network } : {}) }).then(
      (row) => onCreated(row.id),
      (failure: Error) => setProblem({ refused: failure }),
    )
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-document-title" onCancel={onCancel}>
      <form onSubmit={create}>
        <h2 id="new-document-title">{t('newDocument.title')}</h2>
        <fieldset className="templates">
          <legend>{t('newDocument.template')}</legend>
          {DOCUMENT_KINDS.map((value) => (
            <label key={value} className="template">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <span className="template-name">{t(KIND_LABELS[value])}</span>
              <span className="template-sections">{SECTIONS[language][value].slice(0, 4).join(' · ')} …</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('newDocument.documentTitle')}</span>
          <input
            ref={titleInput}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby="new-document-problem"
          />
        </label>
        <ShareInSelect networks={networks} value={network} onChange={setNetwork} />
        <p id="new-document-problem" role="alert" className="problem">
          {problem && ('typed' in problem ? problemText(t, format, t(FIELD_LABELS.title), problem.typed) : errorText(t, format, problem.refused, networkLabel))}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('newDocument.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('newDocument.create')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
