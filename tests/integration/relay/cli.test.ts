import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { casebook } from '../../helpers/cli.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('casebook relay, invite and revoke', () => {
  const relays = useRelays()
  const clients = useClients()
  const temp = useTempDir()

  it('invites, admits the holder, and revokes by id or by token', async () => {
    const relay = await relays.start()
    const invite = await casebook([
      'invite',
      '--network',
      'brt',
      '--role',
      'member',
      '--name',
      'Ana',
      '--city',
      'Lagos',
      '--expires',
      '30d',
      '--relay-data',
      relay.dataDir,
      '--json',
    ])
    expect(invite.stderr).toBe('')
    const issued = JSON.parse(invite.stdout) as { token: string; id: string; network: string; role: string; name: string; city: string; expires: string }
    relays.issued(issued.token)
    expect(issued).toMatchObject({ network: 'brt', role: 'member', name: 'Ana', city: 'Lagos' })
    expect(Date.parse(issued.expires) - Date.now()).toBeGreaterThan(29 * 86_400_000)

    const client = clients.connect(relay.url, 'brt/invited', issued.token)
    await client.synced()
    const revoked = await casebook(['revoke', issued.token, '--relay-data', relay.dataDir])
    expect(revoked).toEqual({ code: 0, stdout: `Revoked ${issued.id}.\n`, stderr: '' })
    await eventually(() => client.closes.includes(CLOSE.tokenRevoked.code), 'the holder is disconnected')

    const plain = await casebook(['invite', '--network', 'brt', '--role', 'viewer', '--name', 'Bo', '--relay-data', relay.dataDir])
    const token = relays.issued(plain.stdout.trim())
    expect(token.split('.')).toHaveLength(3)
    const id = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti
    expect((await casebook(['revoke', id, '--relay-data', relay.dataDir])).code).toBe(0)
    expect((await rawConnect(relay.url, '/brt/invited', token).closed).code).toBe(CLOSE.tokenRevoked.code)
  })

  it.each([
    [['invite', '--network', 'BRT', '--role', 'member', '--name', 'A'], /--network must be a network id/],
    [['invite', '--network', 'brt', '--role', 'admin', '--name', 'A'], /--role must be one of viewer, member, facilitator, not "admin"/],
    [['invite', '--network', 'brt', '--role', 'member', '--name', 'A', '--expires', 'forever'], /--expires must be a number and a unit/],
    [['invite', '--network', 'brt', '--role', 'member'], /invite needs --name/],
    [['invite', '--network', 'brt', '--role', 'member', '--name', 'A', '--relay-data', 'nowhere'], /There is no relay data in .*nowhere/],
    [['revoke', 'x', '--relay-data', 'nowhere'], /There is no relay data in .*nowhere/],
    [['revoke', 'not a token id!'], /is neither a token id nor an invite token/],
    [['relay', '--port', '70000'], /--port must be a whole number from 0 to 65535, not "70000"/],
    [['relay', '--metrics-token', 'guessable'], /--metrics-token must be 16 characters or more/],
    [['relay', '--metrics-host', '9464'], /--metrics-host must be HOST:PORT, such as 127\.0\.0\.1:9464, not "9464"/],
    [['relay', '--metrics-host', '127.0.0.1:70000'], /--metrics-host port must be a whole number from 0 to 65535, not "70000"/],
    [['relay', '--max-connections-per-token', 'many'], /--max-connections-per-token must be a whole number from 1 to \d+, not "many"/],
    [['relay', '--heap-unload-share', '1.5'], /--heap-unload-share must be a number between 0 and 1, such as 0.7, not "1.5"/],
  ])('%j fails with one clear line', async (args, message) => {
    const result = args[0] === 'relay' ? await relays.run(args.slice(1), { cwd: temp.path }) : await casebook(args, { cwd: temp.path })
    expect(result.code).not.toBe(0)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
  })

  it('fails with one clear line when CASEBOOK_METRICS_TOKEN is too short', async () => {
    const result = await relays.run([], { cwd: temp.path, env: { CASEBOOK_METRICS_TOKEN: 'guessable' } })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/^casebook: CASEBOOK_METRICS_TOKEN must be 16 characters or more, so that it cannot be guessed\.\n$/)
  })

  it('says when its port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const result = await relays.run(['--port', String(port), '--data', join(temp.path, 'relay')])
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(`casebook: Port ${port} on 127.0.0.1 is already in use.\n`)
      const metrics = await relays.run(['--port', '0', '--metrics-host', `127.0.0.1:${port}`, '--data', join(temp.path, 'relay')])
      expect(metrics.code).toBe(2)
      expect(metrics.stderr).toBe(`casebook: Port ${port} on 127.0.0.1 is already in use.\n`)
    } finally {
      blocker.close()
    }
  })
})
