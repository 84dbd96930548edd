import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { SyncProgress } from '../../shared/ipc/contract.js'
import type { SyncState } from '../../shared/model/syncState.js'
import type { Member } from '../../shared/protocol/messages.js'
import type { Standing } from './SavedRecord.js'

/**
 * What SyncEngine asks of a joined network's sync: a network joined with an invite (NetworkSync, all
 * its documents over its feed) or a workshop joined with its code (WorkshopSync, its one document).
 */
export interface JoinedSync {
  readonly isOnline: boolean
  readonly onlineMembers: Member[]
  readonly progress: SyncProgress | undefined
  readonly standing: Standing
  /** The network's catalog, or null where this device does not follow it. */
  readonly catalog: Y.Doc | null
  /** The network's adaptations room, or null where this device does not follow it. */
  readonly adaptations: Y.Doc | null
  state(documentId: string): SyncState
  fetchSide(room: string): void
  connectLive(id: string, doc: Y.Doc, awareness: Awareness): () => void
  stop(): Promise<void>
}
