import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import { MESSAGE } from '../../shared/protocol/messages.js'
import { RemoteChanges } from '../shared/RemoteChanges.js'

/**
 * Makes a stock y-websocket provider hand the updates and presence it receives to a RemoteChanges,
 * applied once a frame, rather than apply each the moment it comes; the sync handshake stays its own.
 * They are applied as the provider's own, so that it does not send them back to the relay. One that
 * does not apply is logged, as the stock provider logs it: the relay's next sync brings it again.
 * Returns the RemoteChanges, to stop with the provider.
 */
export function applyOncePerFrame(provider: WebsocketProvider): RemoteChanges {
  const remote = new RemoteChanges(provider.doc, provider.awareness, provider, (error) => console.error('A change from the relay could not be applied.', error))
  const handshake = provider.messageHandlers[MESSAGE.sync]!
  provider.messageHandlers[MESSAGE.sync] = (encoder, decoder, ...rest) => {
    const step = decoding.clone(decoder)
    if (decoding.readVarUint(step) !== syncProtocol.messageYjsUpdate) return handshake(encoder, decoder, ...rest)
    remote.addUpdate(decoding.readVarUint8Array(step))
  }
  provider.messageHandlers[MESSAGE.awareness] = (_encoder, decoder) => remote.addPresence(decoding.readVarUint8Array(decoder))
  return remote
}
