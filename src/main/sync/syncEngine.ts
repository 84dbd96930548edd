import { rm } from 'node:fs/promises'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import type { NetworkStatus } from '../../shared/ipc/contract.js'
import type { JoinedNetwork, Settings } from '../../shared/model/settings.js'
import type { WorkshopEnd, WorkshopTicket } from '../../shared/protocol/workshops.js'
import type { Library } from '../library/library.js'
import type { SettingsStore } from '../settings/settingsStore.js'
import { checkInvite, savedRelayRefusal, type Invite } from './checkInvite.js'
import type { SyncState } from '../../shared/model/syncState.js'
import { probeFeed } from './networkFeed.js'
import { savedRecordPath, type Standing } from './SavedRecord.js'
import { NetworkSync } from './networkSync.js'
import { ADAPTATIONS_ROOM, CATALOG_ROOM, roomCopyPath } from './NetworkRoomCopy.js'
import { blobsOnRelayPath } from './BlobsOnRelay.js'
import type { JoinedSync } from './joinedSync.js'
import { WorkshopSync, type WorkshopSyncEvents } from './workshopSync.js'

export type SyncEvent =
  | { type: 'document'; id: string; state: SyncState }
  | { type: 'network'; status: NetworkStatus }
  /** A document could not be synced, in the background or over its live connection (see NetworkSyncEvents.onError). */
  | { type: 'error'; id: string; network: string; error: unknown }
  /** The relay refused the network's invite for good; the network's status, told too, says so. */
  | { type: 'refused'; network: string; reason: string }
  /** A document, or a change to one, kept out of a network it does not belong to; once per reason. */
  | { type: 'kept-out'; id: string; network: string; message: string }
  /** The network's catalog changed these documents' standing (workflow.ts). */
  | { type: 'standings'; network: string; ids: string[] }
  /** The network's catalog changed its collections, featured documents or topics (curation.ts). */
  | { type: 'curation'; network: string }
  /** The network's adaptations room (adaptationReferences.ts) changed, here or by a sync. */
  | { type: 'adaptations'; network: string }
  /** A workshop joined with its code is over for this device: no longer joined, its document stays as a copy that no longer syncs. */
  | { type: 'workshop-ended'; network: string; document: string; why: WorkshopEnd }
  /** Images that the network's documents reference arrived in the library. */
  | { type: 'blobs-arrived'; network: string; hashes: string[] }
  /** An image could not be fetched from the network's relay or sent to it; it is tried again later. */
  | { type: 'blob-error'; network: string; hash: string; error: unknown }

/** How long joining waits for the relay to answer before calling it unreachable. */
const JOIN_TIMEOUT_MS = 5000

/** A joined network: syncing, or not (`sync` absent) when it was refused before it could start. */
interface Running {
  network: JoinedNetwork
  sync?: JoinedSync
  refused?: string
}

/**
 * Background sync of every joined network (one NetworkSync each), and joining and leaving them. The
 * joined networks are kept in the settings; a network is saved there only once its relay has
 * accepted the invite, so nothing is ever half joined.
 */
export class SyncEngine {
  private readonly running = new Map<string, Running>()
  private changing: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly library: Library,
    private readonly settings: SettingsStore,
    private readonly dataDir: string,
    private readonly onEvent: (event: SyncEvent) => void,
  ) {}

  static async start(library: Library, settings: SettingsStore, dataDir: string, onEvent: (event: SyncEvent) => void = () => {}): Promise<SyncEngine> {
    const engine = new SyncEngine(library, settings, dataDir, onEvent)
    for (const network of (await settings.read()).networks) await engine.run(network)
    return engine
  }

  networks(): NetworkStatus[] {
    return [...this.running.keys()].map((id) => this.status(id))
  }

  /** The document's sync state with its network; local-only for a document of no joined network. */
  state(documentId: string): SyncState {
    const network = this.library.summary(documentId).meta.network
    return (network && this.running.get(network)?.sync?.state(documentId)) || 'local-only'
  }

  /** What this device knows of a joined network's documents (NetworkSync.standing); null for a network it has not joined. */
  standing(network: string): Standing | null {
    return this.running.get(network)?.sync?.standing ?? null
  }

  /** How a joined network is shown: the display name its invite carries, or its id (docs/PROTOCOL.md). */
  networkName(network: string): string {
    return this.running.get(network)?.network.title ?? network
  }

  /** A joined network's catalog (workflow.ts) as this device holds it; null for a network that is not syncing. */
  catalog(network: string): Y.Doc | null {
    return this.running.get(network)?.sync?.catalog ?? null
  }

  /** A joined network's adaptations room (adaptationReferences.ts) as this device holds it; null for a network that is not syncing one. */
  adaptations(network: string): Y.Doc | null {
    return this.running.get(network)?.sync?.adaptations ?? null
  }

  /** Fetches a document's side room (its version history, its comments) from its network's relay soon (NetworkSync.fetchSide); nothing for a document of no joined network. */
  fetchSide(network: string, room: string): void {
    this.running.get(network)?.sync?.fetchSide(room)
  }

  /**
   * Connects a document open in an editor to its network for as long as it is open (see
   * NetworkSync.connectLive); returns the function that disconnects it. A document of no joined
   * network stays local.
   */
  connectLive(id: string, doc: Y.Doc, awareness: Awareness): () => void {
    const network = this.library.summary(id).meta.network
    const running = network ? this.running.get(network) : undefined
    return running?.sync ? running.sync.connectLive(id, doc, awareness) : () => {}
  }

  /**
   * Joins a network, or renews the invite of one already joined. The network's display name is the
   * new invite's, or, when it has none (made before invites had one), the one it had on the same relay.
   */
  join(invite: Invite): Promise<NetworkStatus> {
    return this.serially(async () => {
      const { relayUrl, claims } = checkInvite(invite)
      const token = invite.token.trim()
      await probeFeed({ relayUrl, network: claims.net, token }, JOIN_TIMEOUT_MS)
      // Kept only for the same relay's network: another relay's network of the same id is another network.
      const previous = this.running.get(claims.net)?.network
      const title = claims.title ?? (previous?.relayUrl === relayUrl ? previous.title : undefined)
      const network: JoinedNetwork = {
        id: claims.net,
        ...(title ? { title } : {}),
        relayUrl,
        token,
        role: claims.role,
        name: claims.name,
        ...(claims.city ? { city: claims.city } : {}),
        joinedAt: new Date().toISOString(),
      }
      await this.saveNetworks((networks) => [...networks.filter((joined) => joined.id !== network.id), network])
      await this.halt(network.id)
      await this.run(network)
      return this.status(network.id)
    })
  }

  /**
   * Joins a workshop with the session token its code was exchanged for, from the relay at `relayUrl`:
   * the network is saved with the workshop (its one document, its end) and synced as such
   * (WorkshopSync). The caller checks first that the network is not joined with an invite. A network
   * holds one workshop at a time: joining the one it holds again keeps it as it is, and another of the
   * same network is refused while the first runs, which would otherwise stop syncing unannounced.
   */
  joinWorkshop(relayUrl: string, ticket: WorkshopTicket): Promise<NetworkStatus> {
    return this.serially(async () => {
      const checked = checkInvite({ relayUrl, token: ticket.token })
      const { claims } = checked
      const held = this.running.get(claims.net)?.network.workshop
      if (held?.code === ticket.code) return this.status(claims.net)
      if (held) {
        const title = this.library.list().find((summary) => summary.id === held.document)?.meta.title ?? held.document
        throw new CasebookError(
          'WORKSHOP_REFUSED',
          `You are already in a workshop of ${claims.net}, on “${title}”; you can join another of its workshops once that one ends.`,
          { reason: 'otherWorkshop', params: { network: claims.net, title } },
        )
      }
      const network: JoinedNetwork = {
        id: claims.net,
        ...(claims.title ? { title: claims.title } : {}),
        relayUrl: checked.relayUrl,
        token: ticket.token.trim(),
        role: claims.role,
        name: claims.name,
        ...(claims.city ? { city: claims.city } : {}),
        joinedAt: new Date().toISOString(),
        workshop: { code: ticket.code, document: ticket.document, endsAt: ticket.endsAt },
      }
      await this.saveNetworks((networks) => [...networks.filter((joined) => joined.id !== network.id), network])
      await this.halt(network.id)
      await this.run(network)
      return this.status(network.id)
    })
  }

  /** Resolves with whether a workshop's document is in the library, once it is or after `timeoutMs`; false for a network that is no workshop. */
  async workshopArrived(networkId: string, timeoutMs: number): Promise<boolean> {
    const sync = this.running.get(networkId)?.sync
    return sync instanceof WorkshopSync ? sync.arrived(timeoutMs) : false
  }

  /**
   * Lets go of a document that a workshop keeps open, so that it can be moved to the trash; answers the
   * function that takes it again (unless it went to the trash).
   */
  async letGo(id: string): Promise<() => void> {
    const holds = await Promise.all([...this.running.values()].map(({ sync }) => (sync instanceof WorkshopSync ? sync.letGo(id) : () => {})))
    return () => {
      for (const hold of holds) hold()
    }
  }

  /** Stops syncing a network and forgets its invite; its documents stay, or go to the trash if asked. */
  leave(networkId: string, { removeDocuments = false } = {}): Promise<void> {
    return this.serially(async () => {
      if (!this.running.has(networkId))
        throw new CasebookError('UNKNOWN_NETWORK', `This device has not joined a network called "${networkId}".`, {
          reason: 'unknown',
          params: { network: networkId },
        })
      await this.forget(networkId)
      if (removeDocuments) {
        for (const summary of this.library.list()) if (summary.meta.network === networkId) await this.library.trash(summary.id)
      }
    })
  }

  /** Stops syncing a network and removes it, and what this device kept of it, from the settings and the data directory. */
  private async forget(networkId: string): Promise<void> {
    await this.halt(networkId)
    await this.saveNetworks((networks) => networks.filter((joined) => joined.id !== networkId))
    // Kept up by the network's sync alone, it would go stale now: no record is safer than a wrong one.
    await rm(savedRecordPath(this.dataDir, networkId), { force: true })
    // Joined again, perhaps on another relay, its images are asked about afresh.
    await rm(blobsOnRelayPath(this.dataDir, networkId), { force: true })
    // Nor are its catalog and adaptations kept: joining again (as a facilitator, say, or on another
    // relay, or of another city) must not send old ones.
    for (const room of [CATALOG_ROOM, ADAPTATIONS_ROOM]) await rm(roomCopyPath(this.dataDir, networkId, room), { force: true })
  }

  /**
   * A workshop is over for this device: it is left as a network is, its document staying in the
   * library as a copy that no longer syncs, and the services are told. Only the entry that ended goes:
   * a network joined again meanwhile (with an invite, or another workshop) stays.
   */
  private endWorkshop(entry: Running, why: WorkshopEnd): void {
    const workshop = entry.network.workshop
    if (!workshop) return
    void this.serially(async () => {
      if (this.running.get(entry.network.id) !== entry) return
      await this.forget(entry.network.id)
      this.onEvent({ type: 'document', id: workshop.document, state: 'local-only' })
      this.onEvent({ type: 'workshop-ended', network: entry.network.id, document: workshop.document, why })
    })
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      for (const id of [...this.running.keys()]) await this.halt(id)
    })
  }

  private async run(network: JoinedNetwork): Promise<void> {
    // Saved before relay addresses had to be encrypted: the token must not go out in the clear again.
    const refused = savedRelayRefusal(network.relayUrl)
    if (refused) {
      // Not synced, its documents' changes are not recorded: the record of what its relay holds goes.
      await rm(savedRecordPath(this.dataDir, network.id), { force: true })
      return void this.running.set(network.id, { network, refused })
    }
    const entry: Running = { network }
    entry.sync = network.workshop
      ? await WorkshopSync.start(this.library, this.accessOf(network), this.dataDir, network.workshop, {
          ...this.joinedEvents(entry),
          onEnded: (why) => this.endWorkshop(entry, why),
        })
      : await NetworkSync.start(this.library, this.accessOf(network), this.dataDir, {
          ...this.joinedEvents(entry),
          onMembers: () => this.announce(network.id),
          onProgress: () => this.announce(network.id),
          onStandings: (ids) => this.onEvent({ type: 'standings', network: network.id, ids }),
          onCuration: () => this.onEvent({ type: 'curation', network: network.id }),
          onAdaptations: () => this.onEvent({ type: 'adaptations', network: network.id }),
        })
    this.running.set(network.id, entry)
  }

  /** What a network's sync tells, a workshop's as any other's: told on as SyncEvents, and as its status. */
  private joinedEvents(entry: Running): Omit<WorkshopSyncEvents, 'onEnded'> {
    const network = entry.network.id
    return {
      onState: (id, state) => this.onEvent({ type: 'document', id, state }),
      onOnline: () => this.announce(network),
      onRefused: (reason) => {
        entry.refused = reason
        this.onEvent({ type: 'refused', network, reason })
        this.announce(network)
      },
      onError: (id, error) => this.onEvent({ type: 'error', id, network, error }),
      onKeptOut: (id, message) => this.onEvent({ type: 'kept-out', id, network, message }),
      onBlobArrived: (hash) => this.onEvent({ type: 'blobs-arrived', network, hashes: [hash] }),
      onBlobError: (hash, error) => this.onEvent({ type: 'blob-error', network, hash, error }),
    }
  }

  private accessOf(network: JoinedNetwork) {
    return { relayUrl: network.relayUrl, network: network.id, token: network.token, role: network.role, name: network.name, city: network.city }
  }

  private async halt(networkId: string): Promise<void> {
    const entry = this.running.get(networkId)
    if (!entry) return
    this.running.delete(networkId)
    await entry.sync?.stop()
  }

  private announce(networkId: string): void {
    if (this.running.has(networkId)) this.onEvent({ type: 'network', status: this.status(networkId) })
  }

  private status(networkId: string): NetworkStatus {
    const { network, sync, refused } = this.running.get(networkId)!
    return {
      id: network.id,
      ...(network.title ? { title: network.title } : {}),
      relayUrl: network.relayUrl,
      role: network.role,
      online: sync?.isOnline ?? false,
      members: sync?.onlineMembers ?? [],
      ...(refused ? { refused } : {}),
      ...(sync?.progress ? { progress: sync.progress } : {}),
      ...(network.workshop ? { workshop: network.workshop } : {}),
    }
  }

  private async saveNetworks(change: (networks: JoinedNetwork[]) => JoinedNetwork[]): Promise<void> {
    const settings: Settings = await this.settings.read()
    await this.settings.write({ ...settings, networks: change(settings.networks) })
  }

  /** Joins, leaves and stopping run one at a time. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.changing.then(task)
    this.changing = result.catch(() => {})
    return result
  }
}
