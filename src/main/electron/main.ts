import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, protocol, safeStorage, session, shell, type WebContents } from 'electron'
import ElectronStore from 'electron-store'
import { isCasebookError } from '../../shared/errors.js'
import { resolveDataDir } from '../dataDir.js'
import { PRIVATE_FILE } from '../privateDataDir.js'
import { readRendererFile } from '../rendererFile.js'
import { Services, type Peer } from '../services/services.js'
import { CHANNELS } from './channels.js'
import { electronLog } from './electronLog.js'
import { ElectronPrinter } from './ElectronPrinter.js'
import { EncryptedSettingsStore } from './encryptedSettingsStore.js'
import { WindowClients } from './windowClients.js'
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, isTrustedSender, navigationDecision, windowOptions } from './security.js'

/**
 * The desktop app: the back end's services in the main process, one window on the renderer, and the
 * contract between them over IPC. Bundled by esbuild into dist/electron (main.js and preload.cjs),
 * beside dist/renderer.
 */
const RENDERER_DIR = join(import.meta.dirname, '../renderer')

// Before the app is ready: the renderer's scheme behaves like https (security.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

if (!app.requestSingleInstanceLock()) app.quit()
else void start()

async function start(): Promise<void> {
  await app.whenReady()
  const dataDir = resolveDataDir(process.env['CASEBOOK_DATA'] || undefined)
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
    const id = contents.id
    contents.once('destroyed', () => windows.closed(id))
    return {
      event: (event) => !contents.isDestroyed() && contents.send(CHANNELS.event, event),
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

  // Before the page loads, which it does while the services start: a quit meanwhile still stops them.
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    void starting
      .then(
        (services) => services.stop(),
        () => {},
      )
      .finally(() => app.quit())
  })
  const window = new BrowserWindow(windowOptions(join(import.meta.dirname, 'preload.cjs')))
  // Not on window-all-closed: the printer's hidden window (ElectronPrinter), kept between PDFs, would keep the app running.
  window.once('closed', () => app.quit())
  window.once('ready-to-show', () => {
    window.show()
    for (const message of problems.splice(0)) void dialog.showMessageBox(window, { type: 'warning', message })
  })
  await window.loadURL(`${APP_ORIGIN}/index.html`).catch((error: unknown) => log.error('The window could not load its page.', { error }))
}
