import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startBackgroundUpdates } from '../../../src/main/backgroundUpdates.js'
import type { AppLog, LogDetails } from '../../../src/main/log/appLog.js'
import { nodeUpdater } from '../../helpers/nodeUpdater.js'
import { useTempDir } from '../../helpers/tempDir.js'
import { debRelease, startUpdateServer, type UpdateServer } from '../../helpers/updateServer.js'

/** electron-updater's real updater (nodeUpdater.ts) against a local update server, at version 0.1.0. */
describe('the desktop app’s updates', () => {
  const temp = useTempDir()
  const servers: UpdateServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  const serve = (server: UpdateServer, files: Map<string, Buffer>) => {
    for (const [name, file] of files) server.files.set(name, file)
  }
  const installer = Buffer.from('the installer of Casebook 0.2.0, as a deb package')

  /** The app at 0.1.0, its package naming `url` (or none), and what it logged and was asked. */
  async function app(url: string | null, answer = false) {
    const server = await startUpdateServer()
    servers.push(server)
    const config = `provider: generic\nurl: '${url ?? server.url}'\nupdaterCacheDirName: casebook-updater\n`
    writeFileSync(join(temp.path, 'app-update.yml'), config)
    const logged: { level: string; message: string; details?: LogDetails }[] = []
    const log: AppLog = {
      error: (message, details) => logged.push({ level: 'error', message, details }),
      warn: (message, details) => logged.push({ level: 'warn', message, details }),
      close: async () => {},
    }
    const asked: string[] = []
    let made = 0
    const node = nodeUpdater({ version: '0.1.0', appUpdateConfigPath: join(temp.path, 'app-update.yml'), dir: temp.path })
    const start = () =>
      startBackgroundUpdates(
        temp.path,
        () => {
          made += 1
          return node.updater
        },
        {
          log,
          askToRestart: async (version) => {
            asked.push(version)
            return answer
          },
        },
      )
    return { server, start, logged, asked, node, made: () => made }
  }

  it('checks once at start, downloads a newer version in the background, and asks before restarting: later, nothing is installed now', async () => {
    const { server, start, logged, asked, node } = await app(null)
    serve(server, debRelease('0.2.0', installer))
    await start()
    expect(server.requests).toEqual(['/casebook/latest-linux.yml', '/casebook/casebook_0.2.0_amd64.deb'])
    expect(readFileSync(join(temp.path, 'cache/casebook-updater/pending/casebook_0.2.0_amd64.deb'))).toEqual(installer)
    expect(asked).toEqual(['0.2.0'])
    expect(node.installs).toBe(0)
    expect(logged).toEqual([])
    // electron-updater's own quit handler installs it when the app quits.
    expect(node.updater.autoInstallOnAppQuit).toBe(true)
  })

  it('restarts into the update when the user says so', async () => {
    const { server, start, asked, node } = await app(null, true)
    serve(server, debRelease('0.2.0', installer))
    await start()
    expect(asked).toEqual(['0.2.0'])
    expect(node.installs).toBe(1)
  })

  it('neither downloads nor asks when the server has this version', async () => {
    const { server, start, logged, asked } = await app(null)
    serve(server, debRelease('0.1.0', installer))
    await start()
    expect(server.requests).toEqual(['/casebook/latest-linux.yml'])
    expect(asked).toEqual([])
    expect(logged).toEqual([])
  })

  it('only logs, by its code, a check that fails or a download that is not the release’s, and asks nothing', async () => {
    const { server, start, logged, asked } = await app(null)
    await start()
    expect(server.requests).toEqual(['/casebook/latest-linux.yml'])
    expect(logged).toEqual([
      {
        level: 'warn',
        message: 'Casebook could not check for an update, download it or install it.',
        details: { error: { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' } },
      },
    ])

    const tampered = await app(null)
    serve(tampered.server, debRelease('0.2.0', installer))
    tampered.server.files.set('casebook_0.2.0_amd64.deb', Buffer.from('something else'))
    await tampered.start()
    expect(tampered.server.requests).toEqual(['/casebook/latest-linux.yml', '/casebook/casebook_0.2.0_amd64.deb'])
    expect(tampered.logged.map(({ details }) => details)).toEqual([{ error: { code: 'ERR_CHECKSUM_MISMATCH' } }])
    expect(asked).toEqual([])
    expect(tampered.asked).toEqual([])
  })

  it('asks no server, and makes no updater, when the package names none', async () => {
    const { server, start, logged, made } = await app('')
    serve(server, debRelease('0.2.0', installer))
    await start()
    expect(made()).toBe(0)
    expect(server.requests).toEqual([])
    expect(logged).toEqual([])
  })

  it('logs an address it refuses, and asks nothing', async () => {
    const { server, start, logged, made } = await app('http://updates.example.org/casebook/')
    await start()
    expect(made()).toBe(0)
    expect(server.requests).toEqual([])
    expect(logged).toEqual([
      {
        level: 'error',
        message: 'The update settings in the package cannot be read.',
        details: { error: expect.objectContaining({ code: 'INVALID_FILE', message: expect.stringContaining('must be https') }) },
      },
    ])
  })
})
