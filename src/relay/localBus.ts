import type { Member } from '../shared/protocol/messages.js'
import type { Bus } from './bus.js'

/** The bus of a relay that runs alone: there is nobody to tell, and everyone online is here. */
export class LocalBus implements Bus {
  readonly instance = 'local'
  readonly connected = true

  publish(): void {}

  subscribe(): void {}

  onReconnect(): void {}

  members(_network: string, here: readonly Member[]): Promise<Member[]> {
    return Promise.resolve([...here])
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
