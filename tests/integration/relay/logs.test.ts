import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { eventually, rawConnect } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

/** Sends raw bytes to the relay and resolves with the status line it answers, if any. */
function send(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk))
    socket.on('error', () => {})
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''))
  })
}

const upgradeHeaders =
  'Host: relay\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'

describe("the relay's log", () => {
  const relays = useRelays()

  it('never holds a token: not from a request line that does not parse, an address that does not parse, nor a refused connection', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const signature = token.split('.')[2]!

    expect(await send(relay.port, `GET /brt/doc?token=${token} HTTP/1.1 and then some\r\nHost: relay\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request')
    await send(relay.port, `GET //[brt/doc?token=${token} HTTP/1.1\r\n${upgradeHeaders}`)
    const refused = rawConnect(relay.url, '/adaptation/doc', token)
    await refused.closed

    await eventually(
      () =>
        relay.logs.filter((entry) =>
          ['refused a request that did not parse', 'could not admit a connection', 'refused connections'].includes(String(entry['msg'])),
        ).length === 3,
      'all three are logged',
    )
    expect(relay.logs.find((entry) => entry['msg'] === 'refused a request that did not parse')).toMatchObject({ err: { code: 'HPE_INVALID_VERSION' } })
    expect(relay.logs.find((entry) => entry['msg'] === 'could not admit a connection')).toMatchObject({
      url: '//[brt/doc?…',
      err: { code: 'ERR_INVALID_URL', input: '//[brt/doc?…' },
    })
    expect(relay.logs.find((entry) => entry['msg'] === 'refused connections')).toMatchObject({ address: '127.0.0.1', refused: { wrongNetwork: 1 } })
    for (const entry of relay.logs) expect(JSON.stringify(entry)).not.toContain(signature)
  })
})
