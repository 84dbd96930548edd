import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorFromReply, type CasebookApi, type NetworkStatus } from '../../shared/ipc/contract.js'
import { isLanguage } from '../../shared/model/languages.js'
import type { Profile } from '../../shared/model/settings.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { DocumentPeer } from '../documentPeer.js'
import { errorText } from '../i18n/errorText.js'
import { KIND_LABELS } from '../i18n/modelLabels.js'
import { useFormats } from '../i18n/useFormats.js'
import { SyncBadge } from '../shared/SyncBadge.js'
import { MetaPanel } from '../meta/MetaPanel.js'
import { AdaptDialog } from './AdaptDialog.js'
import { apiComments } from './apiComments.js'
import { caretUser } from './caretUser.js'
import { DocumentEditor } from './DocumentEditor.js'
import { imageStore } from './images/imageStore.js'
import { ExportMenu } from './ExportMenu.js'
import { HistoryPanel } from './HistoryPanel.js'
import { PresenceList } from './PresenceList.js'
import { useDocumentMeta } from './useDocumentMeta.js'
import { useReview } from './useReview.js'
import { VersionView } from './VersionView.js'
import { WorkshopButton } from '../workshop/WorkshopButton.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  id: string
  networks: NetworkStatus[]
  profile: Profile | null
  onClose: () => void
  /** Opens another document in its place. */
  onOpen: (id: string) => void
  /** Shows the view of a workshop the user started on the document. */
  onWorkshop: (workshop: { network: string; code: string; title: string }) => void
  /** How many times the desktop app's menu asked for the Export menu. */
  exportRequests: number
}

/** One open document: its body in the editor, who is here, where it stands, and its meta. */
export function EditorScreen({ api, id, networks, profile, onClose, onOpen, onWorkshop, exportRequests }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const [opened, setOpened] = useState<DocumentPeer | null>(null)
  const [problem, setProblem] = useState<Error | null>(null)

  useEffect(() => {
    let current = true
    let peer: DocumentPeer | null = null
    DocumentPeer.open(api, id).then(
      (result) => {
        peer = result
        if (!current) return void peer.close()
        peer.onFailure((failure) => current && setProblem(failure))
        setOpened(peer)
      },
      (failure: Error) => current && setProblem(failure),
    )
    const stop = api.onEvent((event) => {
      if (event.type === 'document-error' && event.id === id) setProblem(errorFromReply(event))
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
          {errorText(t, format, problem)}
        </p>
        <button type="button" onClick={onClose}>
          {t('editor.back')}
        </button>
      </section>
    )
  }
  if (!opened) return <p role="status">{t('editor.opening')}</p>
  return <OpenDocument api={api} peer={opened} networks={networks} profile={profile} onOpen={onOpen} onWorkshop={onWorkshop} exportRequests={exportRequests} />
}

function OpenDocument({
  api,
  peer,
  networks,
  profile,
  onOpen,
  onWorkshop,
  exportRequests,
}: { api: CasebookApi; peer: DocumentPeer; networks: NetworkStatus[]; profile: Profile | null } & Pick<Props, 'onOpen' | 'onWorkshop' | 'exportRequests'>) {
  const { t, i18n } = useTranslation()
  const meta = useDocumentMeta(peer.doc)
  const networkLabel = useNetworkLabel()
  // A document older than languages is taken to be in the window's.
  const language = meta.language ?? (isLanguage(i18n.language) ? i18n.language : 'en')
  const network = networks.find((status) => status.id === meta.network)
  const readOnly = network?.role === 'viewer'
  const user = useMemo(() => caretUser(profile), [profile])
  const comments = useMemo(() => apiComments(api, peer.id), [api, peer.id])
  const review = useReview(api, peer.id, peer.doc)
  // The history takes the details' place; a version chosen there, the editor's.
  const [history, setHistory] = useState<{ viewing: VersionInfo | null; note: string | null } | null>(null)
  const [adapting, setAdapting] = useState(false)

  return (
    <article className="document" aria-labelledby="document-title">
      <header className="document-header">
        <div>
          <p className="eyebrow">
            {t(KIND_LABELS[meta.kind])}
            {meta.city ? ` · ${meta.city}` : ''}
            {meta.network ? ` · ${networkLabel(meta.network)}` : ''}
          </p>
          <h1 id="document-title">{meta.title}</h1>
        </div>
        <div className="document-status">
          <div className="document-actions">
            <DocumentSyncBadge peer={peer} viewer={readOnly} />
            <button type="button" aria-pressed={history !== null} onClick={() => setHistory(history ? null : { viewing: null, note: null })}>
              {t('history.button')}
            </button>
            <button type="button" onClick={() => setAdapting(true)}>
              {t('adapt.button')}
            </button>
            <ExportMenu api={api} id={peer.id} published={review?.review?.status === 'published'} openRequests={exportRequests} />
            <WorkshopButton
              api={api}
              id={peer.id}
              facilitator={network?.role === 'facilitator' && !network.workshop}
              onOpen={(workshop) => onWorkshop({ ...workshop, title: meta.title })}
            />
          </div>
          <PresenceList awareness={peer.awareness} />
        </div>
      </header>
      {readOnly && (
        <p className="notice" role="note">
          {t('editor.readOnly', { network: networkLabel(meta.network ?? '') })}
        </p>
      )}
      <div className="document-layout">
        {history?.viewing ? (
          <VersionView
            api={api}
            id={peer.id}
            version={history.viewing}
            readOnly={readOnly}
            onClose={() => setHistory({ viewing: null, note: null })}
            onRestored={(before) => setHistory({ viewing: null, note: t('history.restored', { label: history.viewing?.label ?? '', before: before.label }) })}
          />
        ) : (
          <DocumentEditor comments={comments} peer={peer} user={user} editable={!readOnly} language={language} images={imageStore(api)} />
        )}
        {history ? (
          <HistoryPanel
            api={api}
            id={peer.id}
            readOnly={readOnly}
            selected={history.viewing?.id ?? null}
            onSelect={(version) => setHistory({ viewing: version, note: null })}
            note={history.note}
          />
        ) : (
          <MetaPanel api={api} id={peer.id} review={review} meta={meta} networks={networks} readOnly={readOnly} onOpen={onOpen} />
        )}
      </div>
      {adapting && (
        <AdaptDialog
          api={api}
          id={peer.id}
          meta={meta}
          networks={networks}
          profile={profile}
          onCancel={() => setAdapting(false)}
          onCreated={(id) => {
            setAdapting(false)
            onOpen(id)
          }}
        />
      )}
    </article>
  )
}

/**
 * The badge alone follows the sync state, so the editor does not re-render with it. While someone
 * types, each keystroke is "syncing" for a few milliseconds until the relay stores it: the badge
 * shows "syncing" only once a change has waited a second, instead of flickering with every key.
 */
function DocumentSyncBadge({ peer, viewer }: { peer: DocumentPeer; viewer: boolean }) {
  const { t } = useTranslation()
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
  return <SyncBadge state={sync} viewer={viewer} t={t} />
}

const SYNCING_AFTER_MS = 1000
