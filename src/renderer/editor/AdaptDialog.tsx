import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { isLanguage } from '../../shared/model/languages.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import type { Profile } from '../../shared/model/settings.js'
import { errorText } from '../i18n/errorText.js'
import { KIND_LABELS } from '../i18n/modelLabels.js'
import { problemText } from '../i18n/problemText.js'
import { useFormats } from '../i18n/useFormats.js'
import { FIELD_LABELS, parseField, type TypedProblem } from '../meta/metaFields.js'
import { ShareInSelect } from '../shared/ShareInSelect.js'
import { takesDocuments } from '../shared/takesDocuments.js'
import { useModalDialog } from '../shared/useModalDialog.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  id: string
  meta: DocumentMeta
  networks: NetworkStatus[]
  profile: Profile | null
  onCancel: () => void
  onCreated: (id: string) => void
}

const ADAPTED_KINDS = ['case-study', 'lessons-learned'] as const

/**
 * "Adapt for my city": a new document of the user's city in a network they choose, with the source's
 * sections and its Transferability quoted (documents.adapt). Offered in the source's network first.
 */
export function AdaptDialog({ api, id, meta, networks, profile, onCancel, onCreated }: Props) {
  const { t, i18n } = useTranslation()
  const format = useFormats()
  const titleInput = useRef<HTMLInputElement>(null)
  const networkLabel = useNetworkLabel()
  const dialog = useModalDialog(titleInput)
  const writable = networks.filter(takesDocuments)
  const [kind, setKind] = useState<(typeof ADAPTED_KINDS)[number]>('case-study')
  const [city, setCity] = useState(profile?.city ?? '')
  const [title, setTitle] = useState(t('adapt.defaultTitle', { title: meta.title, city: profile?.city || t('adapt.myCity') }))
  const [network, setNetwork] = useState(writable.some((status) => status.id === meta.network) ? (meta.network ?? '') : (writable[0]?.id ?? ''))
  const [problem, setProblem] = useState<{ typed: TypedProblem; field: 'title' | 'city' } | { refused: Error } | null>(null)

  const create = (event: FormEvent) => {
    event.preventDefault()
    const checkedTitle = parseField('title', title)
    if ('problem' in checkedTitle) return setProblem({ typed: checkedTitle.problem, field: 'title' })
    const checkedCity = city.trim() ? parseField('city', city) : { patch: {} }
    if ('problem' in checkedCity) return setProblem({ typed: checkedCity.problem, field: 'city' })
    api
      .request('documents.adapt', {
        id,
        kind,
        title: checkedTitle.patch.title as string,
        network: network || null,
        ...(typeof checkedCity.patch.city === 'string' ? { city: checkedCity.patch.city } : {}),
        language: isLanguage(i18n.language) ? i18n.language : 'en',
      })
      .then(
        (row) => onCreated(row.id),
        (failure: Error) => setProblem({ refused: failure }),
      )
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="adapt-title" onCancel={onCancel}>
      <form onSubmit={create}>
        <h2 id="adapt-title">{t('adapt.title')}</h2>
        <p className="hint">{t('adapt.explain', { title: meta.title })}</p>
        <label className="field">
          <span>{t('adapt.kind')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as (typeof ADAPTED_KINDS)[number])}>
            {ADAPTED_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(KIND_LABELS[value])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('adapt.documentTitle')}</span>
          <input ref={titleInput} value={title} onChange={(event) => setTitle(event.target.value)} aria-describedby="adapt-problem" />
        </label>
        <label className="field">
          <span>{t('adapt.city')}</span>
          <input value={city} onChange={(event) => setCity(event.target.value)} aria-describedby="adapt-problem" />
        </label>
        <ShareInSelect networks={networks} value={network} onChange={setNetwork} />
        <p id="adapt-problem" role="alert" className="problem">
          {problem &&
            ('typed' in problem ? problemText(t, format, t(FIELD_LABELS[problem.field]), problem.typed) : errorText(t, format, problem.refused, networkLabel))}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('newDocument.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('adapt.create')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
