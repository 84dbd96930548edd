import type { BrowserWindow } from 'electron'
import type { AppLog } from '../log/appLog.js'
import type { WindowStateFile } from '../windowState.js'

/** How long a window must rest after being moved or resized before its state is written. */
const SAVE_DELAY_MS = 500

/** Saves the window's state once it rests after being moved, resized or maximised, and as it closes. */
export function keepWindowState(window: BrowserWindow, file: WindowStateFile, log: AppLog): void {
  let timer: NodeJS.Timeout | undefined
  const saveSoon = () => {
    clearTimeout(timer)
    timer = setTimeout(() => saveWindowState(window, file, log), SAVE_DELAY_MS)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', () => {
    clearTimeout(timer)
    saveWindowState(window, file, log)
  })
}

/** Saves the window's size and place as they are when it is not maximised, and whether it is. */
export function saveWindowState(window: BrowserWindow, file: WindowStateFile, log: AppLog): void {
  if (window.isDestroyed()) return
  file
    .save({ ...window.getNormalBounds(), maximized: window.isMaximized() })
    .catch((error: unknown) => log.warn('The window’s size and place could not be saved.', { error }))
}
