import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { DOCUMENT_KINDS, KINDS, type DocumentKind } from '../../shared/model/kinds.js'
import { closestLanguage } from '../../shared/model/languages.js'
import { parseField } from '../meta/metaFields.js'

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  onCancel: () => void
  onCreated: (id: string) => void
}

/** A new document from a template: its kind's sections, with a title, and a network to share it in. */
export function NewDocumentDialog({ api, networks, onCancel, onCreated }: Props) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [kind, setKind] = useState<DocumentKind>('case-study')
  const [title, setTitle] = useState('')
  const [network, setNetwork] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const writable = networks.filter((status) => status.role !== 'viewer')

  useEffect(() => {
    dialog.current?.showModal()
  }, [])

  const create = (event: FormEvent) => {
    event.preventDefault()
    const checked = parseField('title', title)
    if ('problem' in checked) return setProblem(checked.problem)
    const language = closestLanguage(navigator.languages)
    api.request('library.create', { kind, language, title: checked.patch.title as string, ...(network ? { network } : {}) }).then(
      (row) => onCreated(row.id),
      (failure: Error) => setProblem(failure.message),
    )
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-document-title" onCancel={onCancel}>
      <form onSubmit={create}>
        <h2 id="new-document-title">New document</h2>
        <fieldset className="templates">
          <legend>Template</legend>
          {DOCUMENT_KINDS.map((value) => (
            <label key={value} className="template">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <span className="template-name">{KINDS[value].label}</span>
              <span className="template-sections">{KINDS[value].sections.slice(0, 4).join(' · ')} …</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Title</span>
          <input
            autoFocus
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby="new-document-problem"
          />
        </label>
        <label className="field">
          <span>Share in</span>
          <select value={network} onChange={(event) => setNetwork(event.target.value)}>
            <option value="">Only this device</option>
            {writable.map((status) => (
              <option key={status.id} value={status.id}>
                {status.id}
              </option>
            ))}
          </select>
        </label>
        <p id="new-document-problem" role="alert" className="problem">
          {problem}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </div>
      </form>
    </dialog>
  )
}
