import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { extractFile } from '@electron/asar'
import { afterEach, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { startBackgroundUpdates, type UpdateHost } from '../../../src/main/backgroundUpdates.js'
import type { LogDetails } from '../../../src/main/log/appLog.js'
import { nodeUpdater } from '../../helpers/nodeUpdater.js'
import { placeholderElectron } from '../../helpers/placeholderElectron.js'
import { useTempDirs } from '../../helpers/tempDir.js'
import { debRelease, startUpdateServer, type UpdateServer } from '../../helpers/updateServer.js'

const ROOT = join(import.meta.dirname, '../../..')

/**
 * The package electron-builder makes (`--dir --linux`, with a placeholder for Electron's binary, as in
 * package.test.ts), and its updates from a local update server: what electron-builder.yml's `publish`
 * writes into its resources, and electron-updater's own code reading that and asking the server.
 *
 * Only in Electron, and so not here: electron-updater's ElectronAppAdapter (Electron's `app`: the
 * version, isPackaged, the paths) and ElectronHttpExecutor (requests through Electron's `net`), which
 * nodeUpdater.ts replaces with Node's; the choice of updater (`autoUpdater`: AppImage's, which also
 * needs the APPIMAGE variable the AppImage runtime sets, or deb's, by resources/package-type, which
 * only the deb target writes, or NSIS's, or Squirrel.Mac's); the dialog (src/main/electron/updates.ts);
 * and installing: quitAndInstall runs dpkg through pkexec, the NSIS installer or Squirrel.Mac, and quits.
 */
describe('the packaged desktop app’s updates', () => {
  const dirs = useTempDirs('casebook-updates-')
  const servers: UpdateServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })

  /** Packages the app into `work` with electron-builder.yml and `config` (electron-builder's -c options); its resources folder. */
  async function pack(work: string, ...config: string[]): Promise<string> {
    const output = join(work, 'release')
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        `-c.electronDist=${placeholderElectron(work)}`,
        `-c.directories.output=${output}`,
        ...config,
      ],
      { cwd: ROOT, env: { ...process.env, CI: '1' } },
    )
    return join(output, 'linux-unpacked/resources')
  }

  /** The packaged app, its version read from the package, with a Node stand-in for Electron's updater. */
  function packagedApp(resources: string, work: string) {
    const { version } = JSON.parse(extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8')) as { version: string }
    const logged: { message: string; details?: LogDetails }[] = []
    const asked: string[] = []
    let made = 0
    const host: UpdateHost = {
      log: {
        error: (message, details) => logged.push({ message, details }),
        warn: (message, details) => logged.push({ message, details }),
        close: async () => {},
      },
      askToRestart: async (newer) => {
        asked.push(newer)
        return false
      },
    }
    const start = () =>
      startBackgroundUpdates(
        resources,
        () => {
          made += 1
          return nodeUpdater({ version, appUpdateConfigPath: join(resources, 'app-update.yml'), dir: work }).updater
        },
        host,
      )
    return { version, start, logged, asked, made: () => made }
  }

  /** A version after `version`: its minor part one more. */
  const nextVersion = (version: string) => {
    const [major, minor] = version.split('.').map(Number)
    return `${major}.${(minor ?? 0) + 1}.0`
  }
  const installer = Buffer.from('the next Casebook, as a deb package')

  it('packaged with an update server’s address, finds a newer version there at start and downloads it, then asks', { timeout: 180_000 }, async () => {
    const server = await startUpdateServer()
    servers.push(server)
    const work = dirs.make()
    const resources = await pack(work, `-c.publish.url=${server.url}`)
    expect(YAML.parse(readFileSync(join(resources, 'app-update.yml'), 'utf8'))).toEqual({
      provider: 'generic',
      url: server.url,
      updaterCacheDirName: 'casebook-updater',
    })

    const app = packagedApp(resources, work)
    const newer = nextVersion(app.version)
    for (const [name, file] of debRelease(newer, installer)) server.files.set(name, file)
    await app.start()
    expect(server.requests).toEqual(['/casebook/latest-linux.yml', `/casebook/casebook_${newer}_amd64.deb`])
    expect(readFileSync(join(work, `cache/casebook-updater/pending/casebook_${newer}_amd64.deb`))).toEqual(installer)
    expect(app.asked).toEqual([newer])
    expect(app.logged).toEqual([])
  })

  it('packaged without one, as electron-builder.yml is, asks no server', { timeout: 180_000 }, async () => {
    const server = await startUpdateServer()
    servers.push(server)
    const work = dirs.make()
    const resources = await pack(work)
    expect(YAML.parse(readFileSync(join(resources, 'app-update.yml'), 'utf8'))).toEqual({
      provider: 'generic',
      url: '',
      updaterCacheDirName: 'casebook-updater',
    })

    const app = packagedApp(resources, work)
    for (const [name, file] of debRelease(nextVersion(app.version), installer)) server.files.set(name, file)
    await app.start()
    expect(app.made()).toBe(0)
    expect(server.requests).toEqual([])
    expect(app.asked).toEqual([])
    expect(app.logged).toEqual([])
  })
})
