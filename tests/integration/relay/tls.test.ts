import { writeFileSync } from 'node:fs'
import { get } from 'node:https'
import { connect as connectSocket } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { tokenSubprotocols } from '../../../src/shared/protocol/subprotocols.js'
import { eventually } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { selfSignedCert } from '../../helpers/selfSignedCert.js'
import { useTempDir } from '../../helpers/tempDir.js'

/** ws that trusts `ca`, for y-websocket's providers. */
function trusting(ca: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(address: string, protocols?: string[]) {
      super(address, protocols, { ca })
    }
  } as unknown as typeof globalThis.WebSocket
}

function httpsText(url: string, ca: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { ca, headers }, (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve(text))
    }).on('error', reject)
  })
}

describe('casebook relay --tls-cert --tls-key', () => {
  const relays = useRelays()
  const temp = useTempDir()

  it('serves wss:// and https:// only, to clients that trust its certificate', async () => {
    const { certPath, keyPath, cert } = selfSignedCert(temp.path)
    const relay = await relays.start({ args: ['--tls-cert', certPath, '--tls-key', keyPath] })
    expect(relay.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/)

    const docs = [new Y.Doc(), new Y.Doc()]
    const providers = await Promise.all(
      docs.map(
        async (doc) =>
          new WebsocketProvider(relay.url, 'brt/over-tls', doc, {
            WebSocketPolyfill: trusting(cert),
            protocols: tokenSubprotocols(await relay.invite('brt', 'member')),
            disableBc: true,
          }),
      ),
    )
    try {
      docs[0]!.getText('t').insert(0, 'sent over TLS')
      await eventually(() => docs[1]!.getText('t').toString() === 'sent over TLS', 'the edit crosses the relay over TLS')
    } finally {
      for (const provider of providers) provider.destroy()
      for (const doc of docs) doc.destroy()
    }
    expect(JSON.parse(await httpsText(`${relay.http}/healthz`, cert))).toMatchObject({ status: 'ok' })

    // A client that does not trust the certificate is stopped by TLS, and plain ws:// gets nowhere.
    const untrusting = new WebSocket(`${relay.url}/brt/over-tls`, tokenSubprotocols(await relay.invite('brt', 'member')))
    expect(await new Promise((resolve) => untrusting.once('error', (error: NodeJS.ErrnoException) => resolve(error.code)))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    const plain = new WebSocket(`ws://127.0.0.1:${relay.port}/brt/over-tls`, tokenSubprotocols(await relay.invite('brt', 'member')))
    const plainOutcome = await new Promise<string>((resolve) => {
      plain.once('open', () => resolve('open'))
      plain.once('error', () => resolve('error'))
    })
    expect(plainOutcome).toBe('error')
  })

  it('closes sockets that do not finish the TLS handshake within --request-timeout-ms, and counts them', async () => {
    const { certPath, keyPath, cert } = selfSignedCert(temp.path)
    const relay = await relays.start({ args: ['--tls-cert', certPath, '--tls-key', keyPath, '--request-timeout-ms', '1000'] })
    // A TLS record header announcing a 512-byte ClientHello, and the first bytes of it.
    const halfHello = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])
    const answers = await Promise.all(
      [Buffer.alloc(0), halfHello].map((sent) => {
        const socket = connectSocket(relay.port, '127.0.0.1', () => socket.write(sent))
        let received = 0
        socket.on('data', (chunk: Buffer) => (received += chunk.length))
        socket.on('error', () => {})
        return new Promise<number>((resolve) => socket.on('close', () => resolve(received)))
      }),
    )
    // Closed by the relay without a word: no handshake, no HTTP.
    expect(answers).toEqual([0, 0])
    const metrics = await httpsText(`${relay.http}/metrics`, cert, { authorization: `Bearer ${relay.metricsToken}` })
    expect(metrics.split('\n')).toContain('casebook_relay_rejected_frames_total{reason="requestTimeout"} 2')
  })

  it('says clearly when the certificate or key is missing, unreadable, not PEM or not a pair', async () => {
    const { certPath, keyPath } = selfSignedCert(temp.path)
    const other = selfSignedCert(temp.path, 'other')
    const notPem = join(temp.path, 'not.pem')
    writeFileSync(notPem, 'hello\n')
    const cases: [string[], number, string][] = [
      [['--tls-cert', certPath], 2, '--tls-cert and --tls-key go together: give both, or neither; --tls-key (or CASEBOOK_RELAY_TLS_KEY) is missing.'],
      [['--tls-key', keyPath], 2, '--tls-cert and --tls-key go together: give both, or neither; --tls-cert (or CASEBOOK_RELAY_TLS_CERT) is missing.'],
      [
        ['--tls-cert', join(temp.path, 'nowhere.crt'), '--tls-key', keyPath],
        1,
        `Cannot read the TLS certificate ${join(temp.path, 'nowhere.crt')}: it does not exist.`,
      ],
      [['--tls-cert', certPath, '--tls-key', temp.path], 1, `Cannot read the TLS private key ${temp.path}: it is a folder.`],
      [['--tls-cert', notPem, '--tls-key', keyPath], 1, `The TLS certificate ${notPem} is not a PEM certificate.`],
      [['--tls-cert', certPath, '--tls-key', certPath], 1, `The TLS private key ${certPath} is not a PEM private key without a passphrase.`],
      [['--tls-cert', certPath, '--tls-key', other.keyPath], 1, `The TLS private key ${other.keyPath} does not belong to the certificate ${certPath}.`],
    ]
    for (const [args, code, message] of cases) {
      const result = await relays.run(['--port', '0', '--data', join(temp.path, 'data'), ...args])
      expect(result.code, args.join(' ')).toBe(code)
      expect(result.stderr).toContain(`casebook: ${message}`)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
  })
})
