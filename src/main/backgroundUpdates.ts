import type { AppUpdater } from 'electron-updater'
import type { AppLog } from './log/appLog.js'
import { readUpdateFeed } from './updateFeed.js'

/** What the updates need of the app: its log, and the user's answer once an update is ready. */
export interface UpdateHost {
  log: AppLog
  /** Whether to restart into `version`, downloaded, now; if not, it is installed when the app quits. */
  askToRestart(version: string): Promise<boolean>
}

/**
 * The packaged app's updates, with electron-updater's updater (made by `makeUpdater` only if there is
 * a server to ask): asks the generic server that `<resourcesDir>/app-update.yml` names (updateFeed.ts)
 * once whether there is a newer version, downloads it in the background, and asks before restarting
 * into it. Nothing at all when the package names no server. Settles once that is done, or there was
 * nothing to do; it never rejects. A failure (offline above all, which is normal) is only logged, by
 * its code: electron-updater's messages carry the server's answers and headers, which are no business
 * of the log.
 */
export async function startBackgroundUpdates(resourcesDir: string, makeUpdater: () => AppUpdater, { log, askToRestart }: UpdateHost): Promise<void> {
  let url: string | null
  try {
    url = await readUpdateFeed(resourcesDir)
  } catch (error) {
    log.error('The update settings in the package cannot be read.', { error })
    return
  }
  if (url === null) return
  const updater = makeUpdater()
  // Its own logging goes to the console, which nobody reads in a packaged app, and with whole answers.
  updater.logger = null
  updater.autoDownload = true
  updater.autoInstallOnAppQuit = true
  updater.setFeedURL({ provider: 'generic', url })
  // Every failure, a check's, a download's or an install's, is an 'error' event; the first two also reject below.
  updater.on('error', (error: unknown) =>
    log.warn('Casebook could not check for an update, download it or install it.', { error: { code: failureCode(error) } }),
  )
  try {
    const check = await updater.checkForUpdates()
    if (!check?.isUpdateAvailable || !check.downloadPromise) return
    await check.downloadPromise
    if (await askToRestart(check.updateInfo.version)) updater.quitAndInstall()
  } catch {
    // Logged as an 'error' event.
  }
}

/** electron-updater's code for a failure (ERR_UPDATER_…, HTTP_ERROR_404, ECONNREFUSED…), or its kind. */
function failureCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown }
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown'
}
