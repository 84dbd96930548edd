import { type BrowserWindow, app, dialog } from 'electron'
import { autoUpdater } from 'electron-updater'
import { startBackgroundUpdates } from '../backgroundUpdates.js'
import type { AppLog } from '../log/appLog.js'

/**
 * The packaged app's updates (backgroundUpdates.ts), asking in a dialog on `window` before restarting
 * into one. Nothing at all when the app is not packaged (`npm start`) or was packaged without an
 * update address. Called once, after the window is made; it does its work in the background.
 */
export function startUpdates(window: BrowserWindow, log: AppLog): void {
  if (!app.isPackaged) return
  // electron-updater's updater is made on first use, reading the package's resources: only if needed.
  void startBackgroundUpdates(process.resourcesPath, () => autoUpdater, { log, askToRestart: (version) => askToRestart(window, version) })
}

async function askToRestart(window: BrowserWindow, version: string): Promise<boolean> {
  // The window closed meanwhile: the app is quitting, and installs the update as it quits.
  if (window.isDestroyed()) return false
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
