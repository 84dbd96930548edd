import { useEffect, useMemo, useState } from 'react'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import { KINDS } from '../../shared/model/kinds.js'
import type { Profile } from '../../shared/model/settings.js'
import { DocumentPeer } from '../documentPeer.js'
import { SyncBadge } from '../shared/SyncBadge.js'
import { MetaPanel } from '../meta/MetaPanel.js'
import type { CaretUser } from '../shared/caretLabel.js'
import { caretColor } from './caretColor.js'
import { DocumentEditor } from './DocumentEditor.js'
import { PresenceList } from './PresenceList.js'
import { useDocumentMeta } from './useDocumentMeta.js'

interface Props {
  api: CasebookApi
  id: string
  networks: NetworkStatus[]
  profile: Profile | null
  onClose: () => void
}

/** One open document: its body in the editor, who is here, where it stands, and its meta. */
export function EditorScreen({ api, id, networks, profile, onClose }: Props) {
  const [opened, setOpened] = useState<DocumentPeer | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    let peer: DocumentPeer | null = null
    DocumentPeer.open(api, id).then(
      (result) => {
        peer = result
        if (!current) return void peer.close()
        peer.onFailure((failure) => current && setProblem(failure.message))
        setOpened(peer)
      },
      (failure: Error) => current && setProblem(failure.message),
    )
    const stop = api.onEvent((event) => {
      if (event.type === 'document-error' && event.id === id) setProblem(event.message)
    })
    return () => {
      current = false
      stop()
      void peer?.close().catch(() => {})
    }
  }, [api, id])

  if (problem) {
    return (
      <section className="document">
        <p role="alert" className="problem">
          {problem}
        </p>
        <button type="button" onClick={onClose}>
          Back to the library
        </button>
      </section>
    )
  }
  if (!opened) return <p role="status">Opening the document…</p>
  return <OpenDocument api={api} peer={opened} networks={networks} profile={profile} />
}

function OpenDocument({ api, peer, networks, profile }: { api: CasebookApi; peer: DocumentPeer; networks: NetworkStatus[]; profile: Profile | null }) {
  const meta = useDocumentMeta(peer.doc)
  const network = networks.find((status) => status.id === meta.network)
  const readOnly = network?.role === 'viewer'
  const user = useMemo<CaretUser>(
    () => ({ name: profile?.name ?? 'Someone', color: caretColor(profile?.color), ...(profile?.city ? { city: profile.city } : {}) }),
    [profile],
  )

  return (
    <article className="document" aria-labelledby="document-title">
      <header className="document-header">
        <div>
          <p className="eyebrow">
            {KINDS[meta.kind].label}
            {meta.city ? ` · ${meta.city}` : ''}
            {meta.network ? ` · ${meta.network}` : ''}
          </p>
          <h1 id="document-title">{meta.title}</h1>
        </div>
        <div className="document-status">
          <DocumentSyncBadge peer={peer} viewer={readOnly} />
          <PresenceList awareness={peer.awareness} />
        </div>
      </header>
      {readOnly && (
        <p className="notice" role="note">
          You can read this document but not change it: your invite to {meta.network} is a viewer’s.
        </p>
      )}
      <div className="document-layout">
        <DocumentEditor peer={peer} user={user} editable={!readOnly} />
        <MetaPanel api={api} id={peer.id} meta={meta} networks={networks} readOnly={readOnly} />
      </div>
    </article>
  )
}

/**
 * The badge alone follows the sync state, so the editor does not re-render with it. While someone
 * types, each keystroke is "syncing" for a few milliseconds until the relay stores it: the badge
 * shows "syncing" only once a change has waited a second, instead of flickering with every key.
 */
function DocumentSyncBadge({ peer, viewer }: { peer: DocumentPeer; viewer: boolean }) {
  const [sync, setSync] = useState(peer.syncState)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    // The state may have changed between the first render and now.
    setSync(peer.syncState)
    const stop = peer.onSyncState((state) => {
      clearTimeout(timer)
      if (state === 'synced') timer = setTimeout(() => setSync('synced'), SYNCING_AFTER_MS)
      else setSync(state)
    })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [peer])
  return <SyncBadge state={sync} viewer={viewer} />
}

const SYNCING_AFTER_MS = 1000
