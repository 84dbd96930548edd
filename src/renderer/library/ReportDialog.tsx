import type { TFunction } from 'i18next'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EXPORT_MIME_TYPES } from '../../shared/export/exportFormat.js'
import type { CasebookApi, DocumentRow, ReportProgress } from '../../shared/ipc/contract.js'
import { REPORT_CHOICES, type ReportChoice } from '../shared/exportChoices.js'
import { saveDownload } from '../shared/saveDownload.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { useFormats } from '../i18n/useFormats.js'
import { useModalDialog } from '../shared/useModalDialog.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

type Phase = { step: 'choosing' } | { step: 'compiling'; progress: ReportProgress | null } | { step: 'saved'; name: string } | { step: 'cancelled' }

interface Props {
  api: CasebookApi
  /** The documents the library lists now, as its search and filters chose them: the report's choices. */
  rows: DocumentRow[]
  onClose: () => void
}

/**
 * The report builder: the documents the library lists, each ticked (untick those to leave out), a
 * title and a format, and when the documents chosen are all of one network, whether the report opens
 * with that network at a glance; then the report is compiled (document k of n, then its pages) and saved as a
 * download. Cancelling stops it in the back end, and no file is made.
 */
export function ReportDialog({ api, rows, onClose }: Props) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  const dialog = useModalDialog()
  const byTitle = useMemo(() => [...rows].sort((a, b) => a.meta.title.localeCompare(b.meta.title)), [rows])
  const [chosen, setChosen] = useState(() => new Set(rows.map((row) => row.id)))
  const [title, setTitle] = useState(() => t('report.defaultTitle'))
  const [choice, setChoice] = useState<ReportChoice>(REPORT_CHOICES[0])
  const [phase, setPhase] = useState<Phase>({ step: 'choosing' })
  const [problem, setProblem] = useState<Error | null>(null)
  const compiling = phase.step === 'compiling'
  // Set once the user cancels or closes: a report that arrives after all the same is not saved.
  const abandoned = useRef(false)
  const chosenRows = byTitle.filter((row) => chosen.has(row.id))
  const chosenIds = chosenRows.map((row) => row.id)
  // A network at a glance is offered when every document chosen is of one network: the report is then that network's.
  const networks = new Set(chosenRows.map((row) => row.meta.network))
  const [only] = networks
  const glanceNetwork = networks.size === 1 ? only : undefined
  const [glance, setGlance] = useState(false)

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type !== 'report-progress') return
        const { step, done, total } = event
        setPhase((current) => (current.step === 'compiling' ? { step: 'compiling', progress: { step, done, total } } : current))
      }),
    [api],
  )

  const compile = async (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    setPhase({ step: 'compiling', progress: null })
    abandoned.current = false
    try {
      const file = await api.request('library.report', {
        title: title.trim(),
        ids: chosenIds,
        format: choice.format,
        paper: choice.paper,
        ...(glance && glanceNetwork ? { atAGlance: glanceNetwork } : {}),
      })
      if (!file || abandoned.current) return setPhase({ step: 'cancelled' })
      saveDownload(file.name, file.bytes, EXPORT_MIME_TYPES[choice.format])
      setPhase({ step: 'saved', name: file.name })
    } catch (failure) {
      setProblem(failure as Error)
      setPhase({ step: 'choosing' })
    }
  }
  const cancel = () => {
    abandoned.current = true
    void api.request('library.cancelReport', {}).catch((failure: Error) => setProblem(failure))
  }
  const close = () => {
    if (compiling) cancel()
    onClose()
  }
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })

  return (
    <dialog
      ref={dialog}
      className="dialog report-dialog"
      aria-labelledby="report-title"
      onCancel={(event) => {
        event.preventDefault()
        close()
      }}
    >
      <form onSubmit={compile}>
        <h2 id="report-title">{t('report.title')}</h2>
        <label className="field">
          <span>{t('report.reportTitle')}</span>
          <input value={title} maxLength={200} required disabled={compiling} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <fieldset className="report-documents" disabled={compiling}>
          <legend>{t('report.documents', { chosen: chosenIds.length, count: rows.length })}</legend>
          <div className="report-select">
            <button type="button" className="link" onClick={() => setChosen(new Set(rows.map((row) => row.id)))}>
              {t('report.all')}
            </button>
            <button type="button" className="link" onClick={() => setChosen(new Set())}>
              {t('report.none')}
            </button>
          </div>
          <ul>
            {byTitle.map((row) => (
              <li key={row.id}>
                <label>
                  <input type="checkbox" checked={chosen.has(row.id)} onChange={(event) => toggle(row.id, event.target.checked)} />
                  <span>{row.meta.title}</span>
                  {row.meta.city && <span className="report-city">{row.meta.city}</span>}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label className="field">
          <span>{t('report.format')}</span>
          <select
            value={choice.label}
            disabled={compiling}
            onChange={(event) => setChoice(REPORT_CHOICES.find(({ label }) => label === event.target.value) ?? REPORT_CHOICES[0])}
          >
            {REPORT_CHOICES.map(({ label }) => (
              <option key={label} value={label}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        {glanceNetwork && (
          <label className="report-glance">
            <input type="checkbox" checked={glance} disabled={compiling} onChange={(event) => setGlance(event.target.checked)} />
            <span>
              {t('report.atAGlance', { network: networkLabel(glanceNetwork) })}
              {glance && choice.format === 'docx' && <small className="hint">{t('report.atAGlanceTables')}</small>}
            </span>
          </label>
        )}
        {phase.step === 'compiling' && (
          <div className="report-progress">
            <progress
              aria-label={t('report.progressLabel')}
              max={phase.progress?.total ?? 1}
              value={phase.progress?.step === 'reading' ? phase.progress.done : undefined}
            />
            <p role="status">{progressText(t, phase.progress)}</p>
          </div>
        )}
        {phase.step === 'saved' && <p role="status">{t('report.saved', { name: phase.name })}</p>}
        {phase.step === 'cancelled' && <p role="status">{t('report.cancelled')}</p>}
        <p role="alert" className="problem">
          {problem && errorText(t, format, problem, networkLabel)}
        </p>
        <div className="dialog-actions">
          {compiling ? (
            <button type="button" onClick={cancel}>
              {t('report.cancel')}
            </button>
          ) : (
            <>
              <button type="button" onClick={close}>
                {t('report.close')}
              </button>
              <button type="submit" className="primary" disabled={chosenIds.length === 0 || !title.trim()}>
                {t('report.create')}
              </button>
            </>
          )}
        </div>
      </form>
    </dialog>
  )
}

const STEPS: Record<Exclude<ReportProgress['step'], 'reading'>, Key> = {
  printing: 'report.printing',
  numbering: 'report.numbering',
  writing: 'report.writing',
}

function progressText(t: TFunction, progress: ReportProgress | null): string {
  if (!progress || progress.step === 'reading') return t('report.reading', { done: progress?.done ?? 0, total: progress?.total ?? 0 })
  return t(STEPS[progress.step])
}
