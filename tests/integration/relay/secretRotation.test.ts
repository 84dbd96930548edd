import { randomBytes } from 'node:crypto'
import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signInvite } from '../../../src/relay/invites.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'

describe("rotating the relay's signing secret", () => {
  const relays = useRelays()
  const clients = useClients()

  /** What a member connecting now finds in the room: nothing a refused token sent must be there. */
  async function textOn(relay: RelayProcess, room: string): Promise<string> {
    const reader = clients.connect(relay.url, room, await relay.invite('brt', 'member', { name: 'Reader' }))
    await reader.synced()
    return reader.doc.getText('t').toString()
  }

  async function write(relay: RelayProcess, room: string, token: string, text: string): Promise<void> {
    const writer = clients.connect(relay.url, room, token, { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, text)
    await eventually(() => writer.stored.length > 0, `the relay stores ${text}`)
  }

  it('takes invites signed with the previous secret while secret.previous is there, new ones with the new secret, and none signed otherwise', async () => {
    const first = await relays.start()
    const old = await first.invite('brt', 'member', { name: 'Ana' })

    // The rotation: the current key becomes the previous one, and the relay makes a new one as it starts.
    first.process.kill('SIGTERM')
    await first.exited
    renameSync(join(first.dataDir, 'secret'), join(first.dataDir, 'secret.previous'))
    const rotating = await relays.start({ dataDir: first.dataDir })
    expect(rotating.logs.find((line) => line['msg'] === 'relay listening')).toMatchObject({ previousSecretTaken: true })
    const renewed = await rotating.invite('brt', 'member', { name: 'Ana' })
    expect(renewed.split('.')[2]).not.toBe(old.split('.')[2])
    await write(rotating, 'brt/old', old, 'under the old invite')
    await write(rotating, 'brt/new', renewed, 'under the new invite')

    // A token signed with any other key is refused, and what it sent is nowhere.
    const { token: forged } = await signInvite(randomBytes(32), { network: 'brt', role: 'facilitator', name: 'Mallory', expiresIn: '1h' })
    expect((await rawConnect(rotating.url, '/brt/forged', relays.issued(forged)).closed).code).toBe(CLOSE.tokenInvalid.code)
    expect(await textOn(rotating, 'brt/forged')).toBe('')

    // The rotation over, the old invites are refused.
    rmSync(join(first.dataDir, 'secret.previous'))
    const after = await relays.restart(rotating)
    expect(after.logs.find((line) => line['msg'] === 'relay listening')).not.toHaveProperty('previousSecretTaken')
    const refused = rawConnect(after.url, '/brt/old', old)
    expect((await refused.closed).code).toBe(CLOSE.tokenInvalid.code)
    expect(refused.frames).toEqual([])
    expect(await textOn(after, 'brt/old')).toBe('under the old invite')
    expect(await textOn(after, 'brt/new')).toBe('under the new invite')
  })
})
