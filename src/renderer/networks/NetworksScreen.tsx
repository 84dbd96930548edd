import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { errorText } from '../i18n/errorText.js'
import { ROLE_LABELS } from '../i18n/modelLabels.js'
import { useFormats } from '../i18n/useFormats.js'
import { caretLabel } from '../shared/caretLabel.js'
import { TokenStorageNotice } from './TokenStorageNotice.js'
import { readInviteLink } from '../../shared/protocol/inviteLink.js'
import { useCuration } from '../shared/useCuration.js'
import { JoinWorkshopForm } from '../workshop/JoinWorkshopForm.js'
import { WorkshopUntil } from '../workshop/WorkshopUntil.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  onChanged: () => void
  /** Opens a document in the editor: a workshop's, once joined. */
  onOpen: (id: string) => void
  /** Opens a network's dashboard. */
  onDashboard: (network: string) => void
  /** An invite the operating system handed the desktop app (a clicked link), filled in for the user to join. */
  offered?: { relayUrl: string; token: string } | undefined
}

/**
 * The networks this device belongs to: join one with an invite, or a workshop with its code, see
 * each one's state, leave one.
 */
export function NetworksScreen({ api, networks, onChanged, onOpen, onDashboard, offered }: Props) {
  const { t } = useTranslation()
  return (
    <section className="networks" aria-labelledby="networks-title">
      <header className="screen-header">
        <h1 id="networks-title">{t('networks.title')}</h1>
      </header>
      {networks.length === 0 ? (
        <p className="empty">{t('networks.empty')}</p>
      ) : (
        <ul className="network-list" aria-label={t('networks.joined')}>
          {networks.map((network) => (
            <NetworkItem key={network.id} api={api} network={network} onChanged={onChanged} onDashboard={onDashboard} />
          ))}
        </ul>
      )}
      <JoinForm key={offered?.token} api={api} onJoined={onChanged} offered={offered} />
      <JoinWorkshopForm api={api} onJoined={onChanged} onOpen={onOpen} />
      <TokenStorageNotice api={api} />
    </section>
  )
}

function NetworkItem({
  api,
  network,
  onChanged,
  onDashboard,
}: {
  api: CasebookApi
  network: NetworkStatus
  onChanged: () => void
  onDashboard: (network: string) => void
}) {
  const { t } = useTranslation()
  const format = useFormats()
  const [leaving, setLeaving] = useState(false)
  const [removeDocuments, setRemoveDocuments] = useState(false)
  const [problem, setProblem] = useState<Error | null>(null)
  const networkLabel = useNetworkLabel()
  const label = networkLabel(network.id)
  const state = network.refused ? t('networks.refused') : network.online ? t('networks.online') : t('networks.offline')
  const leave = () => api.request('networks.leave', { id: network.id, removeDocuments }).then(onChanged, (failure: Error) => setProblem(failure))
  return (
    <li className="network" aria-label={label}>
      <div className="network-summary">
        <h2>{label}</h2>
        <p>
          <span className={`connection connection-${network.online ? 'online' : 'offline'}`}>
            <span className="dot" aria-hidden="true" />
            {state}
          </span>{' '}
          · {network.workshop ? <WorkshopUntil workshop={network.workshop} /> : t(ROLE_LABELS[network.role])} ·{' '}
          <span className="relay">{network.relayUrl}</span>
        </p>
        {network.refused && <p className="problem">{network.refused}</p>}
        {network.progress && (
          <p className="sync-progress">
            <progress value={network.progress.synced} max={network.progress.total} aria-hidden="true" />{' '}
            {t('networks.progress', { synced: network.progress.synced, total: network.progress.total })}
          </p>
        )}
        {network.online && !network.workshop && (
          <ul className="members" aria-label={t('networks.onlineIn', { network: label })}>
            {network.members.map((member) => (
              <li key={`${member.name} ${member.city ?? ''}`}>{caretLabel(member)}</li>
            ))}
          </ul>
        )}
      </div>
      {/* A workshop's network holds one document for a few hours: it has no figures worth a dashboard. */}
      {!network.workshop && (
        <button type="button" className="dashboard-open" aria-label={t('dashboard.openLabel', { network: label })} onClick={() => onDashboard(network.id)}>
          {t('dashboard.open')}
        </button>
      )}
      {network.role === 'facilitator' && <TopicsForm api={api} network={network.id} />}
      {leaving ? (
        <div className="confirm" role="group" aria-label={t('networks.leaveLabel', { network: label })}>
          <label>
            <input type="checkbox" checked={removeDocuments} onChange={(event) => setRemoveDocuments(event.target.checked)} /> {t('networks.alsoTrash')}
          </label>
          <button type="button" className="danger" onClick={leave}>
            {t('networks.leaveNetwork', { network: label })}
          </button>
          <button type="button" onClick={() => setLeaving(false)}>
            {t('networks.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setLeaving(true)}>
          {t('networks.leave')}
        </button>
      )}
      {problem && (
        <p role="alert" className="problem">
          {errorText(t, format, problem, networkLabel)}
        </p>
      )}
    </li>
  )
}

/** A facilitator's list of the network's topics, which the details of its documents offer. */
function TopicsForm({ api, network }: { api: CasebookApi; network: string }) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  const id = useId()
  const topics = useCuration(api, [network]).get(network)?.topics
  const [text, setText] = useState<string | null>(null)
  const [state, setState] = useState<'saved' | Error | null>(null)
  const shown = text ?? topics?.join(', ') ?? ''
  const save = (event: FormEvent) => {
    event.preventDefault()
    const list = shown
      .split(',')
      .map((topic) => topic.trim())
      .filter(Boolean)
    api.request('networks.curate', { network, change: { topics: list } }).then(
      () => {
        setText(null)
        setState('saved')
      },
      (error: Error) => setState(error),
    )
  }
  return (
    <form className="topics-form" onSubmit={save}>
      <label htmlFor={id} className="topics-label">
        {t('networks.topics', { network: networkLabel(network) })}
      </label>
      <input id={id} className="topics-input" value={shown} onChange={(event) => setText(event.target.value)} placeholder={t('networks.topicsPlaceholder')} />
      <button type="submit">{t('networks.saveTopics')}</button>
      {state === 'saved' && (
        <p role="status" className="topics-note">
          {t('networks.topicsSaved')}
        </p>
      )}
      {state instanceof Error && (
        <p role="alert" className="problem topics-note">
          {errorText(t, format, state, networkLabel)}
        </p>
      )}
    </form>
  )
}

function JoinForm({ api, onJoined, offered }: { api: CasebookApi; onJoined: () => void; offered: Props['offered'] }) {
  const { t } = useTranslation()
  const format = useFormats()
  const [relayUrl, setRelayUrl] = useState(offered?.relayUrl ?? '')
  const [token, setToken] = useState(offered?.token ?? '')
  const [problem, setProblem] = useState<Error | null>(null)
  const [joining, setJoining] = useState(false)
  /** The network just joined, as it is shown. */
  const [joined, setJoined] = useState<string | null>(null)
  /** An invite link pasted into either field fills both, so that the user sees what it held. */
  const typed = (text: string, set: (text: string) => void) => {
    const link = readInviteLink(text)
    if (!link) return set(text)
    setRelayUrl(link.relayUrl)
    setToken(link.token)
  }
  const join = (event: FormEvent) => {
    event.preventDefault()
    setJoining(true)
    setJoined(null)
    api
      .request('networks.join', { relayUrl: relayUrl.trim(), token: token.trim() })
      .then(
        (status) => {
          setProblem(null)
          setToken('')
          setJoined(status.title ?? status.id)
          onJoined()
        },
        (failure: Error) => setProblem(failure),
      )
      .finally(() => setJoining(false))
  }
  return (
    <form className="join" onSubmit={join} aria-labelledby="join-title">
      <h2 id="join-title">{t('networks.join.title')}</h2>
      <p className="hint">{t('networks.join.hint')}</p>
      {offered && token === offered.token && <p role="status">{t('networks.join.offered')}</p>}
      <label className="field">
        <span>{t('networks.join.relay')}</span>
        <input value={relayUrl} onChange={(event) => typed(event.target.value, setRelayUrl)} placeholder={t('networks.join.relayPlaceholder')} />
      </label>
      <label className="field">
        <span>{t('networks.join.invite')}</span>
        <textarea value={token} onChange={(event) => typed(event.target.value, setToken)} rows={3} spellCheck={false} />
      </label>
      {problem && (
        <p role="alert" className="problem">
          {errorText(t, format, problem)}
        </p>
      )}
      {joined && (
        <p role="status" className="success">
          {t('networks.join.joined', { network: joined })}
        </p>
      )}
      <button type="submit" className="primary" disabled={joining}>
        {joining ? t('networks.join.joining') : t('networks.join.join')}
      </button>
    </form>
  )
}
