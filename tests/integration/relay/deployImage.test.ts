import { cpSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signInvite } from '../../../src/relay/invites.js'
import { loadSecret } from '../../../src/relay/secret.js'
import { Children } from '../../helpers/childProcess.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useTempDir } from '../../helpers/tempDir.js'

const ROOT = join(import.meta.dirname, '../../..')

/** The Dockerfile's last stage: what it copies from the build stage, its environment, and its entrypoint. */
function runtimeStage(): { copies: [string, string][]; env: Record<string, string>; entrypoint: string[] } {
  const text = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ')
  const stage = text.slice(text.lastIndexOf('\nFROM '))
  const copies = [...stage.matchAll(/^COPY --from=build \/src\/(\S+) (\S+)$/gm)].map((match): [string, string] => [match[1]!, match[2]!])
  const env = Object.fromEntries([...(/^ENV (.+)$/m.exec(stage)?.[1] ?? '').matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1]!, match[2]!]))
  const entrypoint = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(stage)?.[1] ?? '[]') as string[]
  return { copies, env, entrypoint }
}

/**
 * The container cannot be built here (no Docker daemon, no registry), so this checks what can be:
 * that the files the image's last stage copies, laid out as it lays them out, run the relay with its
 * environment and entrypoint, and that it stores what a client writes.
 */
describe('the relay’s container image', () => {
  const temp = useTempDir()
  const clients = useClients()
  const children = new Children()
  afterEach(() => children.stopAll())

  it('runs from the files its last stage copies, with its environment, and stores what a client writes', async () => {
    const { copies, env, entrypoint } = runtimeStage()
    expect(copies.map(([from]) => from)).toContain('dist/cli')
    // The build stage installs and builds its own: what this machine has must stay out of its context.
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules', 'dist']))
    expect(env).toMatchObject({ CASEBOOK_RELAY_DATA: '/data', CASEBOOK_RELAY_PORT: '4455' })
    const app = join(temp.path, 'app')
    // As COPY does: into a destination ending in a slash, under the source's own name.
    for (const [from, to] of copies) cpSync(join(ROOT, from), join(app, to, to.endsWith('/') ? basename(from) : ''), { recursive: true })

    const [node, ...args] = entrypoint
    expect(node).toBe('node')
    const data = join(temp.path, 'data')
    // Its environment, but on a loopback port of its own and a temporary data directory.
    const relay = children.start(args, {
      name: 'relay from the image layout',
      cwd: app,
      env: { PATH: process.env['PATH'], ...env, CASEBOOK_RELAY_HOST: '127.0.0.1', CASEBOOK_RELAY_PORT: '0', CASEBOOK_RELAY_DATA: data },
    })
    const listening = JSON.parse(await relay.waitForLine((line) => line.includes('"relay listening"'))) as { url: string }
    const http = listening.url.replace(/^ws/, 'http')
    expect(await (await fetch(`${http}/healthz`)).json()).toEqual({ status: 'ok', documentsLoaded: 0 })
    expect((await fetch(`${http}/w/ABCD-1234`)).headers.get('content-type')).toMatch(/^text\/html/)

    const { token } = await signInvite(loadSecret(data, {}), { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })
    const writer = clients.connect(listening.url, 'brt/lagos', token, { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, 'Stored by the image')
    await eventually(() => writer.stored.length > 0, 'the relay stores the update')
    const reader = clients.connect(listening.url, 'brt/lagos', token)
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('Stored by the image')
  })
})
