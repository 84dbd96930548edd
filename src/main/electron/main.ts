import { readFileSync } from 'node:fs'
import { release, type as osType } from 'node:os'
import { join, resolve } from 'node:path'
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron'
import ElectronStore from 'electron-store'
import { isCasebookError } from '../../shared/errors.js'
import type { BackendEvent } from '../../shared/ipc/contract.js'
import { type WindowCommand, windowCommandScript } from '../../shared/ipc/windowCommand.js'
import { readInviteLink } from '../../shared/protocol/inviteLink.js'
import { resolveDataDir } from '../dataDir.js'
import { LOG_DIR } from '../log/appLog.js'
import { PRIVATE_FILE } from '../privateDataDir.js'
import { readRendererFile } from '../rendererFile.js'
import { Services, type Peer } from '../services/services.js'
import { WindowStateFile, fitWindowState } from '../windowState.js'
import { appMenu } from './appMenu.js'
import { CHANNELS } from './channels.js'
import { electronLog } from './electronLog.js'
import { ElectronPrinter } from './ElectronPrinter.js'
import { EncryptedSettingsStore } from './encryptedSettingsStore.js'
import { helpLinks } from './helpLinks.js'
import { inviteLinkInArgv } from './inviteLinkInArgv.js'
import { keepWindowState, saveWindowState } from './keepWindowState.js'
import { PendingInviteLink } from './pendingInviteLink.js'
import { INVITE_SCHEME, protocolClientCommand } from './protocolClient.js'
import { startUpdates } from './updates.js'
import { WindowClients } from './windowClients.js'
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, isTrustedSender, navigationDecision, windowOptions } from './security.js'

/**
 * The desktop app: the back end's services in the main process, one window on the renderer, and the
 * contract between them over IPC. Bundled by esbuild into dist/electron (main.js and preload.cjs),
 * beside dist/renderer.
 */
const RENDERER_DIR = join(import.meta.dirname, '../renderer')
const PRELOAD = join(import.meta.dirname, 'preload.cjs')
/** Written by the build beside main.js: the window's icon on Linux and Windows (macOS shows the bundle's). */
const ICON = join(import.meta.dirname, 'icon.png')
const PACKAGE_JSON = join(import.meta.dirname, '../../package.json')
/** How long a quit waits for the back end to stop and the window's state to be written. */
const QUIT_WAIT_MS = 10_000

// Before the app is ready: the renderer's scheme behaves like https (security.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

/** The invite link the OS handed the app, on its way to the window's page. */
const links = new PendingInviteLink()
/** Brings the window to the front, or opens it where it was closed (macOS); set once the app is ready. */
let showWindow: (() => void) | null = null

// One Casebook at a time: a second launch, as a clicked link starts on Windows and Linux, hands its
// arguments to the first (`second-instance`) and ends.
if (!app.requestSingleInstanceLock()) app.quit()
else {
  const client = protocolClientCommand(process, resolve)
  if (client) app.setAsDefaultProtocolClient(INVITE_SCHEME, client.path, client.args)
  else app.setAsDefaultProtocolClient(INVITE_SCHEME)
  receive(inviteLinkInArgv(process.argv))
  app.on('second-instance', (_event, argv) => {
    receive(inviteLinkInArgv(argv))
    showWindow?.()
  })
  // macOS hands a clicked link to the running app, possibly before it is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    receive(readInviteLink(url) ? url : null)
    showWindow?.()
  })
  // Anything that stops it from starting (an unreadable settings file, a data folder it cannot write)
  // is said, and the app ends: a process with no window would keep the single-instance lock.
  start().catch((error: unknown) => {
    dialog.showErrorBox('Casebook could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}

function receive(link: string | null): void {
  if (link) links.receive(link)
}

function send(contents: WebContents, event: BackendEvent): void {
  if (!contents.isDestroyed()) contents.send(CHANNELS.event, event)
}

/** Gives the page a command as a user gesture, in which its file picker may open (windowCommand.ts says why not by IPC). */
function give(contents: WebContents, command: WindowCommand): void {
  if (!contents.isDestroyed()) void contents.executeJavaScript(windowCommandScript(command), true).catch(() => {})
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.env['CASEBOOK_DATA'] || undefined)
  const [states] = await Promise.all([WindowStateFile.open(dataDir), app.whenReady()])
  // Not settings.json, the browser shell's: that one holds tokens unencrypted, this one encrypts them.
  const problems: string[] = []
  // safeStorage has getSelectedStorageBackend() on Linux only, where the store asks it.
  const settings = new EncryptedSettingsStore(new ElectronStore({ cwd: dataDir, name: 'app-settings', configFileMode: PRIVATE_FILE }), safeStorage, (problem) =>
    problems.push(problem),
  )
  // The window loads its page while the back end's services start (most of a second at 5,000
  // documents): its requests wait for them, and if they cannot start (the library is in use or
  // cannot be read), each is answered with why, which the window shows.
  const log = electronLog(dataDir)
  const starting = Services.start(dataDir, { settings, log, printer: new ElectronPrinter() })
  // A Casebook error is the window's to show; anything else it calls a bug "whose details are in the log".
  starting.catch((error: unknown) => {
    if (!isCasebookError(error)) log.error('The services could not start.', { error })
  })

  protocol.handle(APP_SCHEME, async (request) => {
    const file = await readRendererFile(RENDERER_DIR, new URL(request.url).pathname)
    if (!file) return new Response(null, { status: 404 })
    return new Response(file.body, { headers: { 'content-type': file.type, 'content-security-policy': CONTENT_SECURITY_POLICY } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  // An export reaches the user as a download (src/renderer/shared/saveDownload.ts): Electron's save
  // dialog asks where, and asks before replacing a file already there.
  session.defaultSession.on('will-download', (_event, item) => item.setSaveDialogOptions({ properties: ['showOverwriteConfirmation', 'createDirectory'] }))

  const windows = new WindowClients(starting)
  const peerOf = (contents: WebContents) => (): Peer => {
    return {
      event: (event) => send(contents, event),
      documentMessage: (id, message) => !contents.isDestroyed() && contents.send(CHANNELS.document, id, message),
    }
  }
  ipcMain.handle(CHANNELS.request, (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return { ok: false, error: { code: 'BAD_REQUEST', message: 'This page may not use Casebook.' } }
    return windows.request(event.sender.id, peerOf(event.sender), String(channel), input)
  })
  ipcMain.on(CHANNELS.document, (event, id: unknown, message: unknown) => {
    if (!isTrustedSender(event.senderFrame) || typeof id !== 'string' || !(message instanceof Uint8Array)) return
    windows.documentMessage(event.sender.id, peerOf(event.sender), id, message)
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      const decision = navigationDecision(url)
      if (decision !== 'stay') event.preventDefault()
      if (decision === 'open-externally') void shell.openExternal(url)
    })
    contents.setWindowOpenHandler(({ url }) => {
      if (navigationDecision(url) === 'open-externally') void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  let window: BrowserWindow | null = null
  const createWindow = (): void => {
    const primary = screen.getPrimaryDisplay()
    const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)]
    const { maximized, ...bounds } = fitWindowState(
      states.state,
      displays.map((display) => display.workArea),
    )
    const created = new BrowserWindow({ ...windowOptions(PRELOAD, { packaged: app.isPackaged }), ...bounds, icon: ICON })
    window = created
    keepWindowState(created, states, log)
    const contents = created.webContents
    const id = contents.id
    // A page gone (reloaded, crashed, or the window closed) leaves what it had open to the back end,
    // and takes no invite link until the next one has loaded. Not did-start-loading: a navigation
    // that will-navigate cancels (a link in a document, opened in the browser) starts loading too.
    const pageGone = () => {
      windows.closed(id)
      links.unloaded()
    }
    contents.on('did-navigate', pageGone)
    contents.once('destroyed', pageGone)
    contents.on('render-process-gone', (_event, { reason }) => {
      log.error(`The window's page stopped (${reason}); it is loaded again.`)
      pageGone()
      if (reason !== 'clean-exit' && !contents.isDestroyed()) contents.reload()
    })
    contents.on('did-finish-load', () => links.loaded((link) => give(contents, { type: 'invite-link', link })))
    created.once('ready-to-show', () => {
      if (maximized) created.maximize()
      created.show()
      for (const message of problems.splice(0)) void dialog.showMessageBox(created, { type: 'warning', message })
    })
    created.once('closed', () => {
      window = null
      // Not on window-all-closed: the printer's hidden window (ElectronPrinter), kept between PDFs,
      // would keep the app running. On macOS the app stays, as apps do there, until it is quit.
      if (process.platform !== 'darwin') app.quit()
    })
    created.loadURL(`${APP_ORIGIN}/index.html`).catch((error: unknown) => log.error('The window could not load its page.', { error }))
  }
  let quitting = false
  showWindow = () => {
    if (quitting) return
    if (!window) return createWindow()
    if (window.isMinimized()) window.restore()
    // A window not shown yet is focused when its page is ready to be.
    if (window.isVisible()) window.focus()
  }
  // macOS: the Dock's icon clicked while no window is open.
  app.on('activate', () => {
    if (!window && !quitting) createWindow()
  })
  // Listened to, so that closing the last window does not quit the app (Electron's default): the
  // window's own 'closed' decides, by platform.
  app.on('window-all-closed', () => {})

  const { documentation, problemReport } = helpLinks(readFileSync(PACKAGE_JSON, 'utf8'), {
    version: app.getVersion(),
    os: `${osType()} ${release()} (${process.arch})`,
  })
  const menu = appMenu({
    platform: process.platform,
    packaged: app.isPackaged,
    links: { documentation, problemReport, logsFolder: join(dataDir, LOG_DIR) },
    actions: {
      // With no window open (macOS), a command opens it, at the library.
      command: (command) => (window ? give(window.webContents, { type: 'app-command', command }) : showWindow?.()),
      openExternal: (url) => void shell.openExternal(url),
      openPath: (path) =>
        void shell.openPath(path).then((problem) => problem && log.warn('The logs folder could not be opened.', { error: new Error(problem) })),
    },
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))

  // Before the page loads, which it does while the services start: a quit meanwhile still stops them,
  // and the window's state (still open when the app is quit from its menu) is written.
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    if (window) saveWindowState(window, states, log)
    const stopped = starting.then(
      (services) => services.stop(),
      () => {},
    )
    const written = Promise.all([stopped.catch((error: unknown) => log.error('The services did not stop cleanly.', { error })), states.close()])
    // A stop that never ends (a relay that does not answer) does not keep the app from quitting.
    void Promise.race([written, new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS))]).finally(() => app.quit())
  })
  createWindow()
  startUpdates(() => window, log)
}
