import { join } from 'node:path'
import type { URL } from 'node:url'
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js'
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime'
import electronUpdater, { type AppUpdater } from 'electron-updater'
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js'

/** An updater from `nodeUpdater`, and what the app would have done with it. */
export interface NodeUpdater {
  updater: AppUpdater
  /** How many times quitAndInstall was called. */
  readonly installs: number
}

/**
 * electron-updater's updater for Linux's deb package (DebUpdater, which electron-updater picks in a
 * deb install), run in Node rather than Electron. Only the pieces that need Electron are replaced:
 * the app (its ElectronAppAdapter wraps Electron's `app`: the version, whether it is packaged, where
 * app-update.yml and the caches are) by `AppAdapter` values, and the HTTP client (its
 * ElectronHttpExecutor makes requests with Electron's `net`) by NodeDownloads, which makes them with
 * Node's http. The rest is electron-updater's code and builder-util-runtime's: reading
 * app-update.yml, the generic provider asking for latest-linux.yml, comparing versions, downloading
 * the installer and checking its sha512. quitAndInstall, which would run dpkg through pkexec and quit
 * Electron, only counts.
 */
export function nodeUpdater({ version, appUpdateConfigPath, dir }: { version: string; appUpdateConfigPath: string; dir: string }): NodeUpdater {
  const app: AppAdapter = {
    version,
    name: 'Casebook',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: async () => {},
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  }
  const updater = new electronUpdater.DebUpdater(null, app)
  Object.assign(updater, { httpExecutor: new NodeDownloads() })
  let installs = 0
  updater.quitAndInstall = () => {
    installs += 1
  }
  return {
    updater,
    get installs() {
      return installs
    },
  }
}

/**
 * electron-builder's HTTP client for Node (builder-util), which electron-builder itself only asks
 * with, and ElectronHttpExecutor's `download` (electron-updater/out/electronHttpExecutor.js), the
 * same calls into builder-util-runtime's HttpExecutor but for Electron's `net`.
 */
class NodeDownloads extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined }
      configureRequestUrl(url, requestOptions)
      configureRequestOptions(requestOptions)
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      )
    })
  }
}
