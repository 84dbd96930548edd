import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, RequestOf } from '../../shared/ipc/contract.js'
import type { Curation } from '../../shared/model/curation.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  id: string
  network: string
  curation: Curation
}

/**
 * A facilitator's curation of one document (curation.ts): featured at the top of every member's
 * library or not, and in which of the network's collections, with a new collection made from here.
 */
export function CurationControls({ api, id, network, curation }: Props) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  const nameId = useId()
  const [adding, setAdding] = useState<{ name: string; description: string } | null>(null)
  const [problem, setProblem] = useState<Error | null>(null)
  /** Resolves whether the change was made; a refusal shows. */
  const curate = (change: RequestOf<'networks.curate'>['change']) =>
    api.request('networks.curate', { network, change }).then(
      () => {
        setProblem(null)
        return true
      },
      (error: Error) => {
        setProblem(error)
        return false
      },
    )
  const featured = curation.featured.includes(id)
  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (!adding?.name.trim()) return
    // What was typed stays until the collection is made.
    if (await curate({ newCollection: { name: adding.name, description: adding.description, documents: [id] } })) setAdding(null)
  }

  return (
    <fieldset className="curation">
      <legend>{t('curation.title', { network: networkLabel(network) })}</legend>
      <label className="check">
        <input type="checkbox" checked={featured} onChange={() => void curate(featured ? { unfeature: id } : { feature: id })} />
        {t('curation.featured')}
      </label>
      {curation.collections.map((collection) => {
        const inIt = collection.documents.includes(id)
        const step = { collection: collection.id, document: id }
        return (
          <label key={collection.id} className="check">
            <input type="checkbox" checked={inIt} onChange={() => void curate(inIt ? { exclude: step } : { include: step })} />
            {t('curation.inCollection', { name: collection.name })}
          </label>
        )
      })}
      {adding ? (
        <form onSubmit={(event) => void create(event)} className="new-collection">
          <label htmlFor={nameId}>{t('curation.name')}</label>
          <input id={nameId} maxLength={100} value={adding.name} onChange={(event) => setAdding({ ...adding, name: event.target.value })} />
          <label>
            {t('curation.description')}
            <textarea rows={2} maxLength={500} value={adding.description} onChange={(event) => setAdding({ ...adding, description: event.target.value })} />
          </label>
          <div className="workflow-steps">
            <button type="submit" disabled={!adding.name.trim()}>
              {t('curation.create')}
            </button>
            <button type="button" className="quiet" onClick={() => setAdding(null)}>
              {t('curation.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="link" onClick={() => setAdding({ name: '', description: '' })}>
          {t('curation.newCollection')}
        </button>
      )}
      {problem && (
        <p role="alert" className="problem">
          {errorText(t, format, problem, networkLabel)}
        </p>
      )}
    </fieldset>
  )
}
