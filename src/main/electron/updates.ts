import { type BrowserWindow, app, dialog } from 'electron'
import { autoUpdater } from 'electron-updater'
import { startBackgroundUpdates } from '../backgroundUpdates.js'
import type { AppLog } from '../log/appLog.js'

/**
 * The packaged app's updates (backgroundUpdates.ts), asking in a dialog on the window open then
 * (`currentWindow`: on macOS it may have been closed, and opened again) before restarting into one. Nothing at all when the app is not packaged (`npm start`) or was packaged without an
 * update address. Called once, after the window is made; it does its work in the background.
 */
export function startUpdates(currentWindow: () => BrowserWindow | null, log: AppLog): void {
  if (!app.isPackaged) return
  // electron-updater's updater is made on first use, reading the package's resources: only if needed.
  void startBackgroundUpdates(process.resourcesPath, () => autoUpdater, { log, askToRestart: (version) => askToRestart(currentWindow(), version) })
}

async function askToRestart(window: BrowserWindow | null, version: string): Promise<boolean> {
  // No window to ask in (closed, or the app is quitting): the update is installed when the app quits.
  if (!window || window.isDestroyed()) return false
  const { response } = await dialog.showMessageBox(window, {
    type: 'info',
    buttons: ['Restart now', 'Later'],
    defaultId: 0,
    cancelId: 1,
    message: `Casebook ${version} is ready to install.`,
    detail: 'Restart now to use it, or later: it is installed when you quit Casebook.',
  })
  return response === 0
}
