import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { Language } from '../../shared/model/languages.js'
import type { Key } from '../i18n/keys.js'
import { LibraryScreen } from '../library/LibraryScreen.js'
import { NewDocumentDialog } from '../library/NewDocumentDialog.js'
import { useImport } from '../library/useImport.js'
import { NetworksScreen } from '../networks/NetworksScreen.js'
import { ProfileScreen } from '../profile/ProfileScreen.js'
import { ConnectionIndicator } from './ConnectionIndicator.js'
import { ErrorBoundary } from './ErrorBoundary.js'
import type { FirstList } from './firstList.js'
import { logRenderError } from './logRenderError.js'
import { SHORTCUTS, shortcutFor } from './shortcuts.js'
import { Notices } from './Notices.js'
import { useLanguage } from './useLanguage.js'
import { rememberedDocument, rememberOpenDocument } from './openDocumentMemory.js'
import { useNetworks } from './useNetworks.js'
import { useProfile } from './useProfile.js'
import { useWindowCommands } from './useWindowCommands.js'
import { AboutDialog } from './AboutDialog.js'
import { pickImportFiles } from '../library/pickImportFiles.js'
import { readInviteLink } from '../../shared/protocol/inviteLink.js'
import { ChunkScreen } from '../shared/ChunkScreen.js'
import { useChunk } from '../shared/useChunk.js'
import { NetworkNames, useNetworkNames } from '../shared/useNetworkLabel.js'

const loadEditor = () => import('../editor/EditorScreen.js')
/** The facilitator's workshop view and its QR code encoder: a chunk of their own, which few windows ever need. */
const loadWorkshop = () => import('../workshop/WorkshopScreen.js')
/** A network's dashboard and Observable Plot, which draws its charts: a chunk of their own, loaded once the networks' screen is shown. */
const loadDashboard = () => import('../dashboard/DashboardScreen.js')

type Screen =
  | { name: 'library' | 'networks' | 'profile' }
  | { name: 'document'; id: string }
  /** The view of a workshop the user started on a document. */
  | { name: 'workshop'; id: string; network: string; code: string; title: string }
  | { name: 'dashboard'; network: string }

/** The window: navigation and the connection on the left, one screen on the right. */
export function App({ api, language: initialLanguage, firstList }: { api: CasebookApi; language: Language; firstList?: FirstList }) {
  const { t } = useTranslation()
  const [language, chooseLanguage] = useLanguage(api, initialLanguage)
  // The document open when the window was last closed or reloaded, opened again.
  const [screen, setScreen] = useState<Screen>(() => {
    const id = rememberedDocument(localStorage)
    return id ? { name: 'document', id } : { name: 'library' }
  })
  useEffect(() => rememberOpenDocument(localStorage, screen.name === 'document' || screen.name === 'workshop' ? screen.id : null), [screen])
  const [creating, setCreating] = useState(false)
  const [searchRequests, setSearchRequests] = useState(0)
  const [exportRequests, setExportRequests] = useState(0)
  /** About Casebook, opened from the desktop menu (Profile opens its own). */
  const [about, setAbout] = useState<'about' | 'notices' | null>(null)
  /** An invite link the system handed the desktop app, shown on the networks screen to be joined. */
  const [offeredInvite, setOfferedInvite] = useState<{ relayUrl: string; token: string }>()
  const { networks, reload: reloadNetworks } = useNetworks(api)
  const networkNames = useNetworkNames(networks)
  const [profile, setProfile] = useProfile(api)
  // Here, not in the library screen, so that an import goes on while a document is open.
  const importing = useImport(api)
  /** The documents the library lists, in its order, for Alt+1…9. */
  const listed = useRef<string[]>([])
  const open = useCallback((id: string) => setScreen({ name: 'document', id }), [])
  // The editor (TipTap, ProseMirror, Yjs: more than half the renderer's code) is a chunk of its own,
  // so that the library shows without waiting for it to be parsed; it loads once the window has
  // drawn, before a document is opened.
  const [editor, retryEditor] = useChunk(loadEditor, { onError: (error) => logRenderError(api)(error, 'loading the editor') })
  const [workshop] = useChunk(loadWorkshop, { wanted: screen.name === 'workshop' })
  const [dashboard] = useChunk(loadDashboard, {
    wanted: screen.name === 'networks' || screen.name === 'dashboard',
    onError: (error) => logRenderError(api)(error, 'loading the dashboard'),
  })

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event)
      if (!shortcut) return
      event.preventDefault()
      if (shortcut.action === 'new') setCreating(true)
      else if (shortcut.action === 'library') setScreen({ name: 'library' })
      else if (shortcut.action === 'search') {
        setScreen({ name: 'library' })
        setSearchRequests((count) => count + 1)
      } else {
        const id = listed.current[shortcut.index]
        if (id) open(id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  // The desktop app's menu, and invite links clicked elsewhere.
  useWindowCommands((command) => {
    if (command.type === 'invite-link') {
      setOfferedInvite(readInviteLink(command.link) ?? undefined)
      setScreen({ name: 'networks' })
    } else if (command.command === 'new-document') setCreating(true)
    else if (command.command === 'import') {
      importing.prepare()
      pickImportFiles((files) => {
        setScreen({ name: 'library' })
        importing.add(files)
      })
    } else if (command.command === 'export') {
      if (screen.name === 'document') setExportRequests((count) => count + 1)
    } else if (command.command === 'close-document') {
      if (screen.name === 'document' || screen.name === 'workshop') setScreen({ name: 'library' })
    } else setAbout(command.command)
  })

  const navButton = (name: 'library' | 'networks' | 'profile', label: Key) => (
    <button
      type="button"
      className="nav-item"
      // A network's dashboard is opened from the networks' screen: it is where the user is.
      aria-current={screen.name === name || (name === 'networks' && screen.name === 'dashboard') ? 'page' : undefined}
      onClick={() => setScreen({ name })}
    >
      {t(label)}
    </button>
  )

  const shown = (
    <div className="app">
      <nav className="sidebar" aria-label={t('app.name')}>
        <p className="brand">{t('app.name')}</p>
        {navButton('library', 'app.nav.library')}
        {navButton('networks', 'app.nav.networks')}
        {navButton('profile', 'app.nav.profile')}
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('app.nav.newDocument')}
        </button>
        <ConnectionIndicator networks={networks} />
        <section className="shortcuts" aria-label={t('app.shortcuts.label')}>
          <h2>{t('app.shortcuts.title')}</h2>
          <dl>
            {SHORTCUTS.map(({ keys, does }) => (
              <div key={keys}>
                <dt>{keys}</dt>
                <dd>{t(does)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </nav>
      <main className="screen">
        <Notices api={api} />
        {/* A screen that fails to render says so in its place; the navigation stays. */}
        <ErrorBoundary
          key={
            screen.name === 'document' || screen.name === 'workshop'
              ? `${screen.name} ${screen.id}`
              : screen.name === 'dashboard'
                ? `dashboard ${screen.network}`
                : screen.name
          }
          onBack={() => setScreen({ name: 'library' })}
          onError={logRenderError(api)}
        >
          {screen.name === 'library' && (
            <LibraryScreen
              api={api}
              networks={networks}
              importing={importing}
              searchRequests={searchRequests}
              onOpen={open}
              onNew={() => setCreating(true)}
              onJoinNetwork={() => setScreen({ name: 'networks' })}
              onNetworksChanged={reloadNetworks}
              onListed={(ids) => (listed.current = ids)}
              firstList={firstList}
            />
          )}
          {screen.name === 'document' && editor === null && <p role="status">{t('editor.opening')}</p>}
          {screen.name === 'document' && editor === 'failed' && (
            <section className="document">
              <p role="alert" className="problem">
                {t('app.editorFailed.body')}
              </p>
              <button type="button" onClick={retryEditor}>
                {t('app.editorFailed.tryAgain')}
              </button>
            </section>
          )}
          {screen.name === 'document' && editor && editor !== 'failed' && (
            <editor.EditorScreen
              key={screen.id}
              api={api}
              id={screen.id}
              networks={networks}
              profile={profile ?? null}
              onClose={() => setScreen({ name: 'library' })}
              onOpen={(id) => setScreen({ name: 'document', id })}
              onWorkshop={({ network, code, title }) => setScreen({ name: 'workshop', id: screen.id, network, code, title })}
              exportRequests={exportRequests}
            />
          )}
          {screen.name === 'workshop' && (
            <ChunkScreen chunk={workshop} loading={t('workshop.view.loading')} failed={t('workshop.view.failed')}>
              {(loaded) => <loaded.WorkshopScreen api={api} network={screen.network} code={screen.code} title={screen.title} onBack={() => open(screen.id)} />}
            </ChunkScreen>
          )}
          {screen.name === 'networks' && (
            <NetworksScreen
              api={api}
              networks={networks}
              onChanged={reloadNetworks}
              onOpen={open}
              onDashboard={(network) => setScreen({ name: 'dashboard', network })}
              offered={offeredInvite}
            />
          )}
          {screen.name === 'dashboard' && (
            <ChunkScreen chunk={dashboard} loading={t('dashboard.loading')} failed={t('dashboard.failed')}>
              {(loaded) => <loaded.DashboardScreen api={api} network={screen.network} onOpen={open} onBack={() => setScreen({ name: 'networks' })} />}
            </ChunkScreen>
          )}
          {screen.name === 'profile' && profile !== undefined && (
            <ProfileScreen api={api} profile={profile} onSaved={setProfile} language={language} onLanguage={chooseLanguage} />
          )}
        </ErrorBoundary>
      </main>
      {about && <AboutDialog show={about} onClose={() => setAbout(null)} />}
      {creating && (
        <NewDocumentDialog
          api={api}
          networks={networks}
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false)
            open(id)
          }}
        />
      )}
    </div>
  )
  // Every screen names a network as its invite does (useNetworkLabel).
  return <NetworkNames.Provider value={networkNames}>{shown}</NetworkNames.Provider>
}
