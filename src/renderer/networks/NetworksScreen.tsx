import { useState, type FormEvent } from 'react'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { caretLabel } from '../shared/caretLabel.js'
import { TokenStorageNotice } from './TokenStorageNotice.js'

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  onChanged: () => void
}

const ROLE_LABELS: Record<NetworkStatus['role'], string> = { viewer: 'Viewer', member: 'Member', facilitator: 'Facilitator' }

/** The networks this device belongs to: join one with an invite, see each one's state, leave one. */
export function NetworksScreen({ api, networks, onChanged }: Props) {
  return (
    <section className="networks" aria-labelledby="networks-title">
      <header className="screen-header">
        <h1 id="networks-title">Networks</h1>
      </header>
      {networks.length === 0 ? (
        <p className="empty">You have not joined a network yet. Your documents stay on this device until you do.</p>
      ) : (
        <ul className="network-list" aria-label="Joined networks">
          {networks.map((network) => (
            <NetworkItem key={network.id} api={api} network={network} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <JoinForm api={api} onJoined={onChanged} />
      <TokenStorageNotice api={api} />
    </section>
  )
}

function NetworkItem({ api, network, onChanged }: { api: CasebookApi; network: NetworkStatus; onChanged: () => void }) {
  const [leaving, setLeaving] = useState(false)
  const [removeDocuments, setRemoveDocuments] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const state = network.refused ? 'Refused' : network.online ? 'Online' : 'Offline'
  const leave = () => api.request('networks.leave', { id: network.id, removeDocuments }).then(onChanged, (failure: Error) => setProblem(failure.message))
  return (
    <li className="network" aria-label={network.id}>
      <div className="network-summary">
        <h2>{network.id}</h2>
        <p>
          <span className={`connection connection-${network.online ? 'online' : 'offline'}`}>
            <span className="dot" aria-hidden="true" />
            {state}
          </span>{' '}
          · {ROLE_LABELS[network.role]} · <span className="relay">{network.relayUrl}</span>
        </p>
        {network.refused && <p className="problem">{network.refused}</p>}
        {network.online && (
          <ul className="members" aria-label={`Online in ${network.id}`}>
            {network.members.map((member) => (
              <li key={`${member.name} ${member.city ?? ''}`}>{caretLabel(member)}</li>
            ))}
          </ul>
        )}
      </div>
      {leaving ? (
        <div className="confirm" role="group" aria-label={`Leave ${network.id}`}>
          <label>
            <input type="checkbox" checked={removeDocuments} onChange={(event) => setRemoveDocuments(event.target.checked)} /> Also move its documents to the
            trash
          </label>
          <button type="button" className="danger" onClick={leave}>
            Leave {network.id}
          </button>
          <button type="button" onClick={() => setLeaving(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setLeaving(true)}>
          Leave…
        </button>
      )}
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </li>
  )
}

function JoinForm({ api, onJoined }: { api: CasebookApi; onJoined: () => void }) {
  const [relayUrl, setRelayUrl] = useState('')
  const [token, setToken] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [joining, setJoining] = useState(false)
  const [joined, setJoined] = useState<string | null>(null)
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
          setJoined(`You joined ${status.id}.`)
          onJoined()
        },
        (failure: Error) => setProblem(failure.message),
      )
      .finally(() => setJoining(false))
  }
  return (
    <form className="join" onSubmit={join} aria-labelledby="join-title">
      <h2 id="join-title">Join a network</h2>
      <p className="hint">Paste the relay address and the invite your network’s facilitator sent you.</p>
      <label className="field">
        <span>Relay address</span>
        <input value={relayUrl} onChange={(event) => setRelayUrl(event.target.value)} placeholder="wss://relay.example.org" />
      </label>
      <label className="field">
        <span>Invite</span>
        <textarea value={token} onChange={(event) => setToken(event.target.value)} rows={3} spellCheck={false} />
      </label>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {joined && (
        <p role="status" className="success">
          {joined}
        </p>
      )}
      <button type="submit" className="primary" disabled={joining}>
        {joining ? 'Joining…' : 'Join'}
      </button>
    </form>
  )
}
