import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../src/relay/limits.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { readInviteLink } from '../../../src/shared/protocol/inviteLink.js'
import { casebook } from '../../helpers/cli.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'
import { decodeTerminalQr } from '../../helpers/terminalQr.js'

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

  it("signs the network's display name into the invite with --network-name, and prints it with --json", async () => {
    const relay = await relays.start()
    const args = ['invite', '--network', 'brt', '--network-name', ' Bus Rapid Transit ', '--role', 'member', '--name', 'Ana', '--relay-data', relay.dataDir]
    const issued = JSON.parse((await casebook([...args, '--json'])).stdout) as { token: string; network: string; networkName: string }
    relays.issued(issued.token)
    expect(issued).toMatchObject({ network: 'brt', networkName: 'Bus Rapid Transit' })
    expect(JSON.parse(Buffer.from(issued.token.split('.')[1]!, 'base64url').toString())).toMatchObject({ net: 'brt', title: 'Bus Rapid Transit' })
    // The relay admits it by its network id, as any other.
    await clients.connect(relay.url, 'brt/named', issued.token).synced()
    const plain = JSON.parse(
      (await casebook(['invite', '--network', 'brt', '--role', 'member', '--name', 'Bo', '--relay-data', relay.dataDir, '--json'])).stdout,
    )
    relays.issued(plain.token)
    expect(plain).not.toHaveProperty('networkName')
    expect(JSON.parse(Buffer.from(plain.token.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('title')
  })

  it('prints an invite as a link with --relay-url, the link to the relay’s invite page and the token after it, and with --qr the link as a QR code that reads back', async () => {
    const relay = await relays.start()
    const args = [
      'invite',
      '--network',
      'brt',
      '--role',
      'member',
      '--name',
      'Ana',
      '--relay-data',
      relay.dataDir,
      '--relay-url',
      'wss://relay.example.org/casebook/',
    ]
    const printed = await casebook([...args, '--qr'])
    expect(printed).toMatchObject({ code: 0, stderr: '' })
    const [link = '', pageLink = '', token = '', ...qr] = printed.stdout.trimEnd().split('\n')
    relays.issued(token)
    expect(readInviteLink(link)).toEqual({ relayUrl: 'wss://relay.example.org/casebook', token })
    expect(pageLink).toBe(`https://relay.example.org/casebook/join#relay=wss%3A%2F%2Frelay.example.org%2Fcasebook&invite=${token}`)
    expect(readInviteLink(pageLink)).toEqual({ relayUrl: 'wss://relay.example.org/casebook', token })
    expect(decodeTerminalQr(qr)).toBe(link)

    const json = await casebook([...args, '--json'])
    const issued = JSON.parse(json.stdout) as { token: string; link: string; pageLink: string }
    relays.issued(issued.token)
    expect(readInviteLink(issued.link)).toEqual({ relayUrl: 'wss://relay.example.org/casebook', token: issued.token })
    expect(readInviteLink(issued.pageLink)).toEqual({ relayUrl: 'wss://relay.example.org/casebook', token: issued.token })
    expect(issued.pageLink).toMatch(/^https:\/\/relay\.example\.org\/casebook\/join#/)
    // The link's token is a working invite.
    const client = clients.connect(relay.url, 'brt/linked', token)
    await client.synced()
  })

  it.each([
    [['invite', '--network', 'brt', '--role', 'member', '--name', 'A', '--qr'], 2, 'casebook: --qr draws the invite link, which needs --relay-url.\n'],
    [
      ['invite', '--network', 'brt', '--role', 'member', '--name', 'A', '--relay-url', 'ws://relay.example.org'],
      1,
      'casebook: "ws://relay.example.org" is not encrypted: anyone on the way could read your invite and your documents. Use the relay\'s wss:// address (wss://relay.example.org).\n',
    ],
  ])('refuses an invite link the app would refuse: %j', async (args, code, stderr) => {
    expect(await casebook(args, { cwd: temp.path })).toEqual({ code, stdout: '', stderr })
  })

  it.each([
    [['invite', '--network', 'BRT', '--role', 'member', '--name', 'A'], /--network must be a network id/],
    [['invite', '--network', 'brt', '--role', 'admin', '--name', 'A'], /--role must be one of viewer, member, facilitator, not "admin"/],
    [['invite', '--network', 'brt', '--role', 'member', '--name', 'A', '--expires', 'forever'], /--expires must be a number and a unit/],
    [['invite', '--network', 'brt', '--role', 'member'], /invite needs --name/],
    [
      ['invite', '--network', 'brt', '--network-name', ' ', '--role', 'member', '--name', 'A'],
      /--network-name must be 1 to 100 characters on one line, not ""/,
    ],
    [['invite', '--network', 'brt', '--network-name', 'x'.repeat(101), '--role', 'member', '--name', 'A'], /--network-name must be 1 to 100 characters/],
    [
      ['invite', '--network', 'brt', '--network-name', 'Bus\nRapid', '--role', 'member', '--name', 'A'],
      /--network-name must be 1 to 100 characters on one line, not "Bus\\nRapid"/,
    ],
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

  it('takes its settings from the environment where no flag gives them, and prints them with the metrics token hidden', async () => {
    const metricsToken = 'a-metrics-token-nobody-guesses'
    const env = {
      CASEBOOK_RELAY_HOST: '0.0.0.0',
      CASEBOOK_RELAY_PORT: '5001',
      CASEBOOK_RELAY_DATA: join(temp.path, 'from-env'),
      CASEBOOK_RELAY_MAX_MESSAGE_BYTES: '1000',
      CASEBOOK_RELAY_TRUST_PROXY: 'true',
      CASEBOOK_RELAY_METRICS_HOST: '127.0.0.1:9464',
      CASEBOOK_METRICS_TOKEN: metricsToken,
    }
    const result = await relays.run(['--print-config', '--host', '127.0.0.1', '--max-documents-per-token', '7'], { cwd: temp.path, env })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).not.toContain(metricsToken)
    expect(JSON.parse(result.stdout)).toMatchObject({
      host: '127.0.0.1',
      port: 5001,
      dataDir: join(temp.path, 'from-env'),
      trustProxy: true,
      metricsToken: '(hidden)',
      metricsHost: '127.0.0.1:9464',
      tlsCert: null,
      maxMessageBytes: 1000,
      maxDocumentsPerToken: 7,
      maxConnectionsPerToken: DEFAULT_LIMITS.maxConnectionsPerToken,
    })
    // Printing started nothing, and made no data directory.
    expect(existsSync(join(temp.path, 'from-env'))).toBe(false)
  })

  it('runs with a limit its environment sets', async () => {
    const relay = await relays.start({ env: { CASEBOOK_RELAY_MAX_CONNECTIONS_PER_TOKEN: '1' } })
    const token = await relay.invite('brt', 'member')
    const first = rawConnect(relay.url, '/brt/one', token)
    await first.opened
    expect((await rawConnect(relay.url, '/brt/two', token).closed).code).toBe(CLOSE.tooManyConnectionsForToken.code)
    first.ws.close()
  })

  it.each([
    [{ CASEBOOK_RELAY_PORT: '70000' }, 'CASEBOOK_RELAY_PORT must be a whole number from 0 to 65535, not "70000".'],
    [{ CASEBOOK_RELAY_MAX_UPDATE_ITEMS: 'lots' }, /^CASEBOOK_RELAY_MAX_UPDATE_ITEMS must be a whole number from 1 to \d+, not "lots"\.$/],
    [{ CASEBOOK_RELAY_HEAP_UNLOAD_SHARE: '2' }, 'CASEBOOK_RELAY_HEAP_UNLOAD_SHARE must be a number between 0 and 1, such as 0.7, not "2".'],
    [{ CASEBOOK_RELAY_TRUST_PROXY: 'maybe' }, 'CASEBOOK_RELAY_TRUST_PROXY must be 1 or true, or 0 or false, not "maybe".'],
    [{ CASEBOOK_RELAY_METRICS_HOST: '9464' }, 'CASEBOOK_RELAY_METRICS_HOST must be HOST:PORT, such as 127.0.0.1:9464, not "9464".'],
    [{ CASEBOOK_RELAY_TLS_CERT: 'cert.pem' }, '--tls-cert and --tls-key go together: give both, or neither; --tls-key (or CASEBOOK_RELAY_TLS_KEY) is missing.'],
  ])('names the environment variable of a bad setting: %j', async (env, message) => {
    const result = await relays.run(['--print-config'], { cwd: temp.path, env })
    expect(result.code).toBe(2)
    const line = result.stderr.trimEnd().replace(/^casebook: /, '')
    if (typeof message === 'string') expect(line).toBe(message)
    else expect(line).toMatch(message)
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
