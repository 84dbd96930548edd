import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { DOCUMENT_KINDS } from '../../shared/model/kinds.js'
import { LANGUAGE_NAMES, LANGUAGES } from '../../shared/model/languages.js'
import { DOCUMENT_STATUSES, type DocumentMeta } from '../../shared/model/meta.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { KIND_LABELS, STATUS_LABELS } from '../i18n/modelLabels.js'
import { problemText } from '../i18n/problemText.js'
import { useFormats } from '../i18n/useFormats.js'
import { FIELD_LABELS, fieldText, parseField, type EditableField, type TypedProblem } from './metaFields.js'
import { WorkflowPanel } from './WorkflowPanel.js'
import { CurationControls } from './CurationControls.js'
import { useCuration } from '../shared/useCuration.js'
import type { ReviewState } from '../editor/useReview.js'
import { takesDocuments } from '../shared/takesDocuments.js'
import { AdaptationsSection } from './AdaptationsSection.js'
import { useAdaptedBy } from './useAdaptedBy.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  id: string
  /** The document's review, for one of a joined network. */
  review: ReviewState | null
  meta: DocumentMeta
  networks: NetworkStatus[]
  readOnly: boolean
  /** Opens another document: the one this adapts, or an adaptation of it. */
  onOpen: (id: string) => void
}

/**
 * The document's details. Each field is checked as it is left; a problem shows beside the field and
 * nothing is saved until the value is valid. The back end checks again, and its refusal shows there too.
 */
export function MetaPanel({ api, id, review, meta, networks, readOnly, onOpen }: Props) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const save = (patch: Record<string, unknown>) => api.request('documents.setMeta', { id, patch }).then(() => null)
  const networkChoices = [
    { value: '', label: t('meta.onlyThisDevice') },
    ...networks
      .filter((status) => takesDocuments(status) || status.id === meta.network)
      .map((status) => ({ value: status.id, label: networkLabel(status.id) })),
  ]
  // Documents written before Casebook had languages name none, until someone chooses one.
  const languageChoices = [
    ...(meta.language ? [] : [{ value: '', label: t('meta.languageNotSet') }]),
    ...LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] })),
  ]
  const common = { meta, save, readOnly }
  const format = useFormats()
  const [topicProblem, setTopicProblem] = useState<Error | null>(null)
  const network = networks.find((status) => status.id === meta.network)
  const curation = useCuration(api, network ? [network.id] : []).get(network?.id ?? '')
  // The network's topics this document does not have yet, offered with a click.
  const adaptations = useAdaptedBy(api, id)
  const suggested = (curation?.topics ?? []).filter((topic) => !meta.topics.some((own) => own.toLocaleLowerCase() === topic.toLocaleLowerCase()))
  return (
    <aside className="meta-panel" aria-label={t('meta.label')}>
      <h2>{t('meta.title')}</h2>
      {network && review && <WorkflowPanel api={api} id={id} role={network.role} state={review} />}
      <AdaptationsSection meta={meta} adaptations={adaptations} onOpen={onOpen} />
      {network?.role === 'facilitator' && curation && <CurationControls api={api} id={id} network={network.id} curation={curation} />}
      <TextField field="title" {...common} />
      <SelectField field="kind" choices={DOCUMENT_KINDS.map((kind) => ({ value: kind, label: t(KIND_LABELS[kind]) }))} {...common} />
      {/* A network's document stands where its catalog says (WorkflowPanel); a private one, where its author puts it. */}
      {!network && <SelectField field="status" choices={DOCUMENT_STATUSES.map((status) => ({ value: status, label: t(STATUS_LABELS[status]) }))} {...common} />}
      <SelectField field="language" choices={languageChoices} {...common} />
      <SelectField field="network" choices={networkChoices} {...common} />
      <TextField field="city" {...common} />
      <TextField field="country" {...common} />
      <TextField field="topics" hint="meta.topicsHint" {...common} />
      {!readOnly && suggested.length > 0 && (
        <ul className="topic-suggestions" aria-label={t('meta.networkTopics', { network: networkLabel(network?.id ?? '') })}>
          {suggested.map((topic) => (
            <li key={topic}>
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  save({ topics: [...meta.topics, topic] }).then(
                    () => setTopicProblem(null),
                    (failure: Error) => setTopicProblem(failure),
                  )
                }
              >
                + {topic}
              </button>
            </li>
          ))}
        </ul>
      )}
      {topicProblem && (
        <p role="alert" className="problem">
          {errorText(t, format, topicProblem, networkLabel)}
        </p>
      )}
      <TextField field="authors" hint="meta.authorsHint" {...common} />
    </aside>
  )
}

interface FieldProps {
  field: EditableField
  meta: DocumentMeta
  save: (patch: Record<string, unknown>) => Promise<null>
  readOnly: boolean
}

/** A field's problem, from the check here or from the back end, and the saving of a checked value. */
function useFieldSave({ field, save }: Pick<FieldProps, 'field' | 'save'>) {
  const { t } = useTranslation()
  const format = useFormats()
  // Kept as found, and said in the window's language as it is shown.
  const [problem, setProblem] = useState<{ typed: TypedProblem } | { refused: Error } | null>(null)
  const commit = (text: string, unchanged: boolean) => {
    const parsed = parseField(field, text)
    if ('problem' in parsed) return setProblem({ typed: parsed.problem })
    setProblem(null)
    if (!unchanged) save(parsed.patch).catch((failure: Error) => setProblem({ refused: failure }))
  }
  const shown = problem && ('typed' in problem ? problemText(t, format, t(FIELD_LABELS[field]), problem.typed) : errorText(t, format, problem.refused))
  return { problem: shown, commit }
}

function TextField({ field, meta, save, readOnly, hint }: FieldProps & { hint?: Key }) {
  const { t } = useTranslation()
  const id = useId()
  const stored = fieldText(meta, field)
  const [text, setText] = useState(stored)
  const [editing, setEditing] = useState(false)
  const { problem, commit } = useFieldSave({ field, save })
  // Someone else's change shows at once, unless this field is being edited.
  useEffect(() => {
    if (!editing) setText(stored)
  }, [stored, editing])
  const leave = () => {
    setEditing(false)
    commit(text, text.trim() === stored)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.currentTarget.blur()
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t(FIELD_LABELS[field])}</label>
      <input
        id={id}
        value={text}
        readOnly={readOnly}
        onFocus={() => setEditing(true)}
        onChange={(event) => setText(event.target.value)}
        onBlur={leave}
        onKeyDown={onKeyDown}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-note`}
      />
      <FieldNote id={`${id}-note`} problem={problem} hint={hint && t(hint)} />
    </div>
  )
}

function SelectField({ field, meta, save, readOnly, choices }: FieldProps & { choices: { value: string; label: string }[] }) {
  const { t } = useTranslation()
  const id = useId()
  const stored = fieldText(meta, field)
  const { problem, commit } = useFieldSave({ field, save })
  return (
    <div className="field">
      <label htmlFor={id}>{t(FIELD_LABELS[field])}</label>
      <select
        id={id}
        value={stored}
        disabled={readOnly}
        onChange={(event) => commit(event.target.value, event.target.value === stored)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-note`}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldNote id={`${id}-note`} problem={problem} />
    </div>
  )
}

function FieldNote({ id, problem, hint }: { id: string; problem: string | null; hint?: string | undefined }) {
  if (problem)
    return (
      <p id={id} role="alert" className="problem">
        {problem}
      </p>
    )
  return hint ? (
    <p id={id} className="hint">
      {hint}
    </p>
  ) : null
}
