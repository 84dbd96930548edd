import type { webcrypto } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { WebSocketServer, type WebSocket } from 'ws'
import { CLOSE, type CloseName } from '../shared/protocol/closeCodes.js'
import { mayOpen, mayWrite, type InviteClaims } from '../shared/protocol/invite.js'
import { FEED_SINCE_PARAM, STORED_ACK_PARAM } from '../shared/protocol/messages.js'
import {
  commentsDocumentOf,
  isCommentsRoom,
  isHistoryRoom,
  parseFeedPath,
  parseRoomPath,
  roomName,
  type Room as RoomAddress,
} from '../shared/protocol/rooms.js'
import { ADAPTATIONS_DOCUMENT } from '../shared/protocol/adaptationReferences.js'
import { adaptationRefusal } from './adaptationRules.js'
import type { AddOnlyRules } from './addOnlyMap.js'
import { AddressRefusals } from './addressRefusals.js'
import { clientAddress } from './clientAddress.js'
import { commentRefusal } from './commentRules.js'
import { SUBPROTOCOL } from '../shared/protocol/subprotocols.js'
import { Connection } from './connection.js'
import type { BusMessage } from './bus.js'
import type { Holder } from './connectionLimits.js'
import type { RoomChange } from './documentStore.js'
import { Feed } from './feed.js'
import { fetchDocuments } from './fetchDocuments.js'
import { MAX_FETCH_ANSWER_BYTES, type FetchedDocument, type FetchRequest } from '../shared/protocol/fetchFrames.js'
import { Compactions } from './compactions.js'
import { GroupCommit } from './groupCommit.js'
import { hasBearerToken } from './bearerToken.js'
import { BlobRoutes } from './blobRoutes.js'
import { verificationKey, verifyInvite } from './invites.js'
import { isJoinPagePath, serveJoinPage } from './joinPage.js'
import { DEFAULT_LIMITS, type RelayLimits } from './limits.js'
import { MemoryCeiling } from './memoryCeiling.js'
import { RelayMetrics } from './metrics.js'
import { RateLimiter } from './rateLimiter.js'
import { redactingLogger } from './redactingLogger.js'
import { type HeldBackDiscard, Room } from './room.js'
import type { Session } from './session.js'
import { answerClientError, endFailedHandshake, limitBodyTime, slowRequestOptions } from './slowRequests.js'
import { sendJson } from './sendJson.js'
import { healthAnswer, readyAnswer } from './probes.js'
import { referencesBlob, storedDoc } from './referencesBlob.js'
import { NetworkDocuments } from './networkDocuments.js'
import { NetworkFeeds } from './networkFeeds.js'
import { RoomsOnBus, UNCONFIRMED_PATIENCE_MS } from './roomsOnBus.js'
import { openBackends, type RelayBackends } from './relayBackends.js'
import { tokenFromRequest } from './tokenFromRequest.js'
import { WorkshopRoutes } from './workshopRoutes.js'
import { workshopEnd } from './workshopStore.js'

/** A PEM certificate (chain) and its private key. */
export interface TlsFiles {
  cert: Buffer
  key: Buffer
}

export interface RelayOptions extends Partial<RelayLimits> {
  host: string
  /** 0 picks a free port. */
  port: number
  dataDir: string
  secret: Uint8Array
  /** The key invites were signed with before `secret`, still taken while a rotation lasts. */
  previousSecret?: Uint8Array | null
  log: Logger
  /** Serve wss:// and https:// with these; plain ws:// without. */
  tls?: TlsFiles | undefined
  /** Sustained messages per second a connection may send, and how many at once. */
  messagesPerSecond?: number
  messageBurst?: number
  /** Compact a document into a snapshot after this many stored updates. */
  compactEvery?: number
  /** How often to look for tokens revoked by `casebook revoke`. */
  revocationPollMs?: number
  /** /metrics answers only requests that carry this as a bearer token. */
  metricsToken?: string
  /** Serve /metrics on this address of its own, and not on the relay's port. */
  metricsHost?: { host: string; port: number }
  /** Unload the least recently used documents when the heap passes this share of V8's heap limit. */
  heapUnloadShare?: number
  /** Count a client from loopback by the last X-Forwarded-For entry, which our reverse proxy appended. */
  trustProxy?: boolean
  /** The built guest page of workshops (dist/guest), served at /w/<code>. */
  guestDir?: string | undefined
  /** Keep everything in this Postgres database instead of SQLite in `dataDir` (docs/RELAYS.md). */
  postgres?: string | undefined
  /** With `postgres`: reach the other relay processes through this Redis. */
  redis?: string | undefined
}

const DEFAULTS = { ...DEFAULT_LIMITS, messagesPerSecond: 200, messageBurst: 1000, compactEvery: 500, revocationPollMs: 500, heapUnloadShare: 0.7 }
/** How often who is online is asked again of every instance, so that one that died is dropped. */
const MEMBERS_REFRESH_MS = 5000
/** A connection that answers no ping in this long is dead. */
const PING_INTERVAL_MS = 30_000
/** How often each address's refusals not yet logged are logged. */
const REFUSAL_LOG_INTERVAL_MS = 60_000
/** How often the heap is compared with its ceiling, besides whenever a client joins. */
const CEILING_CHECK_MS = 250

/**
 * The relay: a y-websocket server (rooms at /<network>/<document>) that admits only holders of a
 * valid invite for the room's network, stores every update in SQLite before acknowledging it, keeps a
 * document in memory only while someone is connected to it, and serves /healthz and /metrics.
 */
export class Relay {
  private readonly rooms = new Map<string, Room>()
  /** Rooms their last client left, unloaded one a turn of the event loop. */
  private readonly leftEmpty = new Set<Room>()
  private readonly feeds: NetworkFeeds
  /** The documents of the networks whose adaptations rooms are open here. */
  private readonly networkDocuments: NetworkDocuments
  private readonly byToken = new Map<string, Set<Session>>()
  private readonly refusals: AddressRefusals
  private readonly workshops: WorkshopRoutes
  private readonly blobs: BlobRoutes
  private readonly commit: GroupCommit
  /** Rooms whose discarded held-back structs were logged. */
  private readonly discardLogged = new WeakSet<Room>()
  private readonly compactions: Compactions
  private readonly ceiling: MemoryCeiling
  private readonly wss: WebSocketServer
  private readonly server: Server
  /** The listener of --metrics-host, if any. */
  private readonly metricsServer: Server | null
  private readonly roomsOnBus: RoomsOnBus
  /** Where the poll of revocations has read up to, and the poll running, if one is. */
  private revokedUpTo = 0
  private polling: Promise<void> | null = null
  private timers: NodeJS.Timeout[] = []
  private closing: Promise<void> | null = null

  private constructor(
    private readonly options: RelayOptions,
    /** The signing secret, and a previous one during a rotation, imported once for checking invites. */
    private readonly keys: readonly webcrypto.CryptoKey[],
    private readonly settings: typeof DEFAULTS,
    readonly metrics: RelayMetrics,
    private readonly backends: RelayBackends,
  ) {
    this.refusals = new AddressRefusals(this.settings.failedTokensPerMinute, options.log)
    this.ceiling = new MemoryCeiling(this.settings.heapUnloadShare)
    const { documents, bus } = backends
    this.feeds = new NetworkFeeds(documents, bus, options.log)
    this.networkDocuments = new NetworkDocuments(documents)
    this.roomsOnBus = new RoomsOnBus(bus, this.rooms, documents, (changes) => this.changed(changes), options.log)
    bus.subscribe((message, from) => this.fromBus(message, from))
    bus.onReconnect(() => this.reconnected())
    this.workshops = new WorkshopRoutes({
      workshops: backends.workshops,
      revocations: backends.revocations,
      hasDocument: (room) => backends.documents.hasDocument(room),
      secret: options.secret,
      keys,
      limits: this.settings,
      guestDir: options.guestDir,
      tls: options.tls !== undefined,
      trustProxy: options.trustProxy === true,
      log: options.log,
      isOnline: (tokenId) => this.byToken.has(tokenId),
      close: (which, reason) => {
        for (const sessions of this.byToken.values()) for (const session of sessions) if (which(session)) session.close(reason)
      },
    })
    this.blobs = new BlobRoutes({
      blobs: backends.blobs,
      limits: this.settings,
      trustProxy: options.trustProxy === true,
      metrics: this.metrics,
      refusals: this.refusals,
      log: options.log,
      checkToken: (network, token) => this.checkToken(network, token),
      references: (room, hash) => this.references(room, hash),
    })
    this.commit = new GroupCommit(
      documents,
      this.metrics,
      options.log,
      this.settings.compactEvery,
      (room) => this.compactions.request(room.name),
      (rooms) => {
        for (const room of rooms) for (const connection of room.connections.keys()) connection.close('storageFailed')
      },
      (changes, mark) => {
        this.roomsOnBus.stored(mark)
        this.changed(changes)
      },
      () => this.roomsOnBus.mark,
    )
    this.compactions = new Compactions(
      (room) => documents.compact(room),
      (name, { updates, readBytes, snapshotBytes }) => {
        this.metrics.compactions.inc()
        // A room loaded since the rows were read counted them too.
        const room = this.rooms.get(name)
        if (!room) return
        room.updatesSinceSnapshot = Math.max(0, room.updatesSinceSnapshot - updates)
        room.storedBytes -= readBytes - snapshotBytes
      },
      options.log,
    )
    // Answers `casebook` to a client that offers its token as a subprotocol, never the token itself.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.settings.maxMessageBytes,
      handleProtocols: (offered) => offered.has(SUBPROTOCOL) && SUBPROTOCOL,
    })
    const answer = (metricsOnly: boolean) => (request: IncomingMessage, response: ServerResponse) => {
      limitBodyTime(request, response, this.settings.requestTimeoutMs, this.metrics)
      this.http(request, response, metricsOnly).catch((error: unknown) => {
        options.log.error({ err: error, url: request.url }, 'could not answer an HTTP request')
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' })
        response.end('Internal error\n')
      })
    }
    const slow = slowRequestOptions(this.settings.requestTimeoutMs)
    this.server = options.tls
      ? createTlsServer({ ...options.tls, ...slow, handshakeTimeout: this.settings.requestTimeoutMs }, answer(false))
      : createServer(slow, answer(false))
    this.server.on('clientError', answerClientError(this.metrics, options.log))
    this.server.on('tlsClientError', endFailedHandshake(this.metrics))
    this.metricsServer = options.metricsHost ? createServer(answer(true)) : null
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head).catch((error: unknown) => {
        options.log.error({ err: error, url: request.url }, 'could not admit a connection')
        socket.destroy()
      }),
    )
  }

  static async start(options: RelayOptions): Promise<Relay> {
    const keys = await Promise.all([options.secret, ...(options.previousSecret ? [options.previousSecret] : [])].map(verificationKey))
    const settings = { ...DEFAULTS }
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) settings[key] = options[key] ?? DEFAULTS[key]
    const log = redactingLogger(options.log)
    const metrics = new RelayMetrics()
    const backends = await openBackends({ ...options, log, limits: settings, metrics })
    const relay = new Relay({ ...options, log }, keys, settings, metrics, backends)
    try {
      relay.revokedUpTo = (await backends.revocations.revokedAfter(0)).cursor
      await listen(relay.server, options.port, options.host)
      if (relay.metricsServer) await listen(relay.metricsServer, options.metricsHost!.port, options.metricsHost!.host)
    } catch (error) {
      await relay.close()
      throw error
    }
    backends.revocations.onRevoked(() => relay.pollRevocations())
    relay.timers.push(setInterval(() => relay.pollRevocations(), relay.settings.revocationPollMs))
    relay.timers.push(setInterval(() => relay.feeds.refreshMembers(), MEMBERS_REFRESH_MS))
    relay.timers.push(setInterval(() => relay.roomsOnBus.storeUnconfirmed(), UNCONFIRMED_PATIENCE_MS / 5))
    relay.timers.push(setInterval(() => relay.ping(), PING_INTERVAL_MS))
    relay.timers.push(
      setInterval(() => {
        relay.refusals.sweep()
        relay.workshops.sweep()
      }, REFUSAL_LOG_INTERVAL_MS),
    )
    relay.timers.push(setInterval(() => relay.keepUnderCeiling(), CEILING_CHECK_MS))
    options.log.info(
      {
        url: relay.url,
        heapCeilingBytes: relay.ceiling.bytes,
        store: backends.store,
        ...(options.redis ? { instance: backends.bus.instance } : {}),
        ...(options.previousSecret ? { previousSecretTaken: true } : {}),
        ...(relay.metricsServer ? { metrics: `${hostPort(relay.metricsServer, 'http')}/metrics` } : {}),
      },
      'relay listening',
    )
    return relay
  }

  get url(): string {
    return hostPort(this.server, this.options.tls ? 'wss' : 'ws')
  }

  /**
   * Stops accepting, stores what is pending, closes every client with "going away", snapshots and
   * unloads every document, and closes the store.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearInterval(timer)
      this.refusals.sweep(Infinity)
      this.ceiling.close()
      const stopped = Promise.all(
        [this.server, this.metricsServer].map((server) => server?.listening && new Promise<void>((resolve) => server.close(() => resolve()))),
      )
      const closed = [...this.wss.clients].map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())))
      for (const sessions of this.byToken.values()) for (const session of sessions) session.close('goingAway')
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
      for (const ws of this.wss.clients) ws.terminate()
      for (const room of [...this.rooms.values()]) this.unload(room)
      this.server.closeAllConnections()
      this.metricsServer?.closeAllConnections()
      await stopped
      await this.commit.settled()
      await this.compactions.settled()
      await this.blobs.settled()
      await this.polling
      await this.backends.close()
      this.options.log.info('relay stopped')
    })()
    return this.closing
  }

  /**
   * /healthz, /readyz, the workshops' routes, the blobs' and the invite page (/join) on the relay's port; /metrics on the --metrics-host listener if
   * there is one, else on the relay's port if a --metrics-token guards it, else nowhere: it tells
   * anyone how busy the relay is.
   */
  private async http(request: IncomingMessage, response: ServerResponse, metricsOnly: boolean): Promise<void> {
    const { metricsToken, metricsHost } = this.options
    const metricsHere = metricsOnly || (!metricsHost && metricsToken !== undefined)
    const path = (request.url ?? '/').split('?')[0]!
    if (!metricsOnly && this.workshops.handles(path)) {
      await this.workshops.answer(request, response, path)
    } else if (!metricsOnly && this.blobs.handles(path)) {
      await this.blobs.answer(request, response, path)
    } else if (!metricsOnly && isJoinPagePath(path)) {
      await serveJoinPage(request, response, path, this.options.guestDir)
    } else if (!metricsOnly && request.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
      const storeProblem = await this.backends.documents.check().then(
        () => null,
        (error: unknown) => error,
      )
      const answer = (path === '/healthz' ? healthAnswer : readyAnswer)({
        checkStore: () => {
          if (storeProblem) throw storeProblem
        },
        documentsLoaded: this.rooms.size,
        overMemoryCeiling: this.ceiling.isPassed(),
        stopping: this.closing !== null,
      })
      // A relay not ready says so to whatever asks every few seconds; a failing one needs someone to look.
      if (path === '/healthz' && answer.status !== 200) this.options.log.error({ problem: answer.body.problem }, 'health check failed')
      sendJson(response, answer.status, answer.body)
    } else if (metricsHere && request.method === 'GET' && request.url === '/metrics') {
      if (metricsToken !== undefined && !hasBearerToken(request, metricsToken)) {
        return void response
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
          .end('The metrics need the token given to the relay with --metrics-token.\n')
      }
      this.metrics.documentsLoaded.set(this.rooms.size)
      // Less each room's own id: the relay's awareness announces nothing of its own.
      this.metrics.presenceIds.set([...this.rooms.values()].reduce((ids, room) => ids + room.awareness.meta.size - 1, 0))
      response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(await this.metrics.registry.metrics())
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
    }
  }

  /** Authenticates before the WebSocket handshake completes, so no frame arrives while a token is checked. */
  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy())
    const from = clientAddress(request, this.options.trustProxy === true)
    const url = new URL(request.url ?? '/', 'ws://relay')
    const roomAddress = parseRoomPath(url.pathname)
    const feedNetwork = roomAddress ? null : parseFeedPath(url.pathname)
    const since = Number(url.searchParams.get(FEED_SINCE_PARAM) ?? 0)
    const network = roomAddress?.network ?? (Number.isSafeInteger(since) && since >= 0 ? feedNetwork : null)
    const admission = network ? await this.admit(network, roomAddress?.document ?? null, tokenFromRequest(request, url)) : ({ failure: 'badRoom' } as const)
    // What the checks below need of the store, read before the handshake: they run in one turn.
    const room = roomAddress ? roomName(roomAddress) : null
    const isNewDocument = 'claims' in admission && room !== null && !this.rooms.has(room) && !(await this.backends.documents.hasDocument(room))
    const writable = 'claims' in admission && roomAddress !== null && (await this.mayWriteRoom(admission.claims, roomAddress))
    if (roomAddress?.document === ADAPTATIONS_DOCUMENT) await this.networkDocuments.load(roomAddress.network)
    if (this.closing) return void socket.destroy()
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if ('failure' in admission) {
        // Checking a token is cheap, so even a throttled address has a valid one admitted: a guesser
        // behind the same NAT or proxy as members must not lock them out.
        const throttled = this.refusals.throttled(from)
        return this.refuse(ws, from, throttled ? 'tooManyFailedTokens' : admission.failure, true)
      }
      // Counted and opened in one turn of the event loop, so that connections at once cannot all slip under a limit.
      const holder = { tokenId: admission.claims.jti, address: from, room }
      const overLimit = this.backends.limits.refusal(holder, isNewDocument)
      if (overLimit) return this.refuse(ws, from, overLimit, false)
      try {
        if (roomAddress) this.join(ws, roomAddress, admission.claims, from, writable, url.searchParams.get(STORED_ACK_PARAM) === '1')
        else this.subscribe(ws, network!, admission.claims, from, since)
      } catch (error) {
        // A document that cannot be loaded from the store must not take the relay down.
        this.options.log.error({ err: error, path: url.pathname }, 'could not open a document')
        ws.close(CLOSE.storageFailed.code, CLOSE.storageFailed.reason)
      }
    })
  }

  private refuse(ws: WebSocket, from: string, reason: CloseName, failedCheck: boolean): void {
    this.metrics.rejected.inc({ reason })
    this.refusals.refused(from, reason, failedCheck)
    ws.close(CLOSE[reason].code, CLOSE[reason].reason)
  }

  /**
   * Checks a connection's token for a room's network and document (null for the network's feed). A
   * workshop's session token opens only its document and that document's comments room, and nothing
   * once its workshop has ended.
   */
  private async admit(network: string, document: string | null, token: string | null): Promise<{ claims: InviteClaims } | { failure: CloseName }> {
    const checked = await this.checkToken(network, token)
    if ('failure' in checked || checked.claims.ws === undefined) return checked
    return document !== null && mayOpen(checked.claims, document) ? checked : { failure: 'wrongDocument' }
  }

  /** Checks a token for a network (as rooms and blobs take them); a workshop's session token only while its workshop runs. */
  private async checkToken(network: string, token: string | null): Promise<{ claims: InviteClaims } | { failure: CloseName }> {
    if (!token) return { failure: 'tokenMissing' }
    const verified = await verifyInvite(this.keys, token)
    if ('failure' in verified) return verified
    const { claims } = verified
    // A session token is revoked only as its holder is removed from the workshop, and says so again.
    if (await this.backends.revocations.isRevoked(claims.jti)) return { failure: claims.ws === undefined ? 'tokenRevoked' : 'removedFromWorkshop' }
    if (claims.net !== network) return { failure: 'wrongNetwork' }
    if (claims.ws === undefined) return verified
    const workshop = await this.backends.workshops.find(claims.ws)
    return !workshop || workshopEnd(workshop) <= Date.now() ? { failure: 'workshopEnded' } : verified
  }

  /**
   * Whether a document has an image of this blob: in its room, if loaded (a room still loading may
   * not show it yet), else as stored.
   */
  private async references(room: string, hash: string): Promise<boolean> {
    const loaded = this.rooms.get(room)
    if (loaded !== undefined && referencesBlob(loaded.doc, hash)) return true
    const { snapshot, updates } = await this.backends.documents.load(room)
    return referencesBlob(storedDoc(snapshot, updates), hash)
  }

  /**
   * Whether the invite may write the room. A viewer may comment on a document the relay holds, and
   * only on one: viewers make no documents, so a comments room of a document with nothing stored
   * would be one they made up.
   */
  private async mayWriteRoom(claims: InviteClaims, address: RoomAddress): Promise<boolean> {
    if (!mayWrite(claims.role, address.document)) return false
    const commented = commentsDocumentOf(address.document)
    if (claims.role !== 'viewer' || commented === null) return true
    const name = roomName({ network: address.network, document: commented })
    return this.loadedWithContent(name) || (await this.backends.documents.hasDocument(name))
  }

  /** A room loaded with nothing in it is no document: anyone, a viewer too, loads one by opening its address. */
  private loadedWithContent(name: string): boolean {
    const loaded = this.rooms.get(name)
    return loaded !== undefined && loaded.doc.store.clients.size > 0
  }

  /** What an update must be in a room that only takes new values, for this invite; null for any other room. */
  private addOnlyRules(claims: InviteClaims, { network, document }: RoomAddress): AddOnlyRules | null {
    if (isCommentsRoom(document)) return { close: 'commentRefused', refusal: (update, doc) => commentRefusal(update, doc, claims) }
    if (document !== ADAPTATIONS_DOCUMENT) return null
    return {
      close: 'adaptationRefused',
      refusal: (update, doc) =>
        adaptationRefusal(update, doc, claims, (source) => {
          const name = roomName({ network, document: source })
          return this.loadedWithContent(name) || this.networkDocuments.has(name)
        }),
    }
  }

  private join(ws: WebSocket, roomAddress: RoomAddress, claims: InviteClaims, from: string, writable: boolean, wantsStoredAcks: boolean): void {
    const room = this.room(roomName(roomAddress))
    const connection = new Connection(ws, room, {
      claims,
      address: from,
      writable,
      appendOnly: isHistoryRoom(roomAddress.document),
      addOnly: this.addOnlyRules(claims, roomAddress),
      wantsStoredAcks,
      maxUpdateItems: this.settings.maxUpdateItems,
      maxUpdateScan: this.settings.maxUpdateScan,
      limiter: new RateLimiter(this.settings.messagesPerSecond, this.settings.messageBurst),
      maxDocumentBytes: this.settings.maxDocumentBytes,
      commit: this.commit,
      metrics: this.metrics,
      log: this.options.log,
      onClose: (closed) => this.leave(closed),
    })
    room.join(connection)
    this.opened(connection)
    this.options.log.debug({ room: room.name, token: claims.jti, role: claims.role }, 'client joined')
    connection.start()
    this.keepUnderCeiling()
  }

  private leave(connection: Connection): void {
    this.closed(connection)
    const { room } = connection
    room.leave(connection)
    if (room.connections.size > 0 || this.leftEmpty.has(room)) return
    this.leftEmpty.add(room)
    if (this.leftEmpty.size === 1) setImmediate(() => this.unloadLeftEmpty())
  }

  /** Unloads the first room left empty, unless a client has joined it since, and schedules the next. */
  private unloadLeftEmpty(): void {
    const [room] = this.leftEmpty
    if (!room) return
    this.leftEmpty.delete(room)
    // The room may have been unloaded already, to free memory, and perhaps loaded anew since.
    if (room.connections.size === 0 && !this.closing && this.rooms.get(room.name) === room) this.unload(room)
    if (this.leftEmpty.size > 0) setImmediate(() => this.unloadLeftEmpty())
  }

  /** Starts a feed of the network's changes after `since` (see NetworkFeeds.add). */
  private subscribe(ws: WebSocket, network: string, claims: InviteClaims, from: string, since: number): void {
    const feed = new Feed(ws, network, {
      claims,
      address: from,
      metrics: this.metrics,
      log: this.options.log,
      limiter: new RateLimiter(this.settings.messagesPerSecond, this.settings.messageBurst),
      fetch: (asking, documents) => this.fetch(asking, documents),
      onClose: (closed) => {
        this.closed(closed)
        this.feeds.remove(closed)
      },
    })
    this.opened(feed)
    this.feeds.add(feed, since)
  }

  /**
   * A feed's fetch of several documents: checked as opening each document's room would check its
   * token (not revoked, not expired; a feed is only of its token's network, and each id is looked up
   * in that network alone).
   */
  private async fetch(feed: Feed, documents: FetchRequest[]): Promise<FetchedDocument[] | CloseName> {
    if (await this.backends.revocations.isRevoked(feed.tokenId)) return 'tokenRevoked'
    if (feed.expiresAt <= Date.now()) return 'tokenExpired'
    return fetchDocuments(this.backends.documents, feed.network, documents, MAX_FETCH_ANSWER_BYTES)
  }

  /** Changes made durable here: the other instances are told, and this one's feeds. */
  private changed(changes: RoomChange[]): void {
    if (changes.length === 0) return
    this.backends.bus.publish({ type: 'changed', changes })
    this.durable(changes)
  }

  /** Changes made durable, here or on another instance: the feeds and the adaptations rooms' checks are told. */
  private durable(changes: RoomChange[]): void {
    this.networkDocuments.add(changes)
    this.feeds.changed(changes)
  }

  /** What another instance published: for this instance's rooms (RoomsOnBus), or its feeds. */
  private fromBus(message: BusMessage, from: string): void {
    switch (message.type) {
      case 'update':
        this.roomsOnBus.receivedUpdate(from, message)
        break
      case 'syncReply':
        this.roomsOnBus.receivedReply(message.room, message.update)
        break
      case 'stored':
        this.roomsOnBus.receivedStored(from, message.upTo)
        break
      case 'awareness':
        this.roomsOnBus.receivedPresence(message.room, message.update)
        break
      case 'syncAsk':
        this.roomsOnBus.receivedAsk(message.room, message.stateVector, message.mutual, from)
        break
      case 'changed':
        this.durable(message.changes)
        break
      case 'members':
        this.feeds.members(message.network)
    }
  }

  /** The bus was down, and what was published meanwhile lost: every room here asks again, and every feed reads its network again, and who is online. */
  private reconnected(): void {
    this.roomsOnBus.reconnected()
    this.feeds.reread()
    this.feeds.refreshMembers()
  }

  private opened(session: Session): void {
    const sessions = this.byToken.get(session.tokenId) ?? new Set()
    this.byToken.set(session.tokenId, sessions.add(session))
    this.backends.limits.opened(holderOf(session))
    this.metrics.connections.inc()
    // A revocation made between its token's check and now was past the poll's cursor already.
    this.backends.revocations.isRevoked(session.tokenId).then(
      (revoked) => revoked && session.close(session.workshop === undefined ? 'tokenRevoked' : 'removedFromWorkshop'),
      (error: unknown) => this.options.log.error({ err: error }, 'could not read the revoked tokens'),
    )
  }

  private closed(session: Session): void {
    this.metrics.connections.dec()
    this.backends.limits.closed(holderOf(session))
    const sessions = this.byToken.get(session.tokenId)
    sessions?.delete(session)
    if (sessions?.size === 0) this.byToken.delete(session.tokenId)
  }

  private room(name: string): Room {
    let room = this.rooms.get(name)
    if (!room) {
      const { roomsOnBus } = this
      room = new Room(name, this.backends.documents.load(name), {
        maxUpdateScan: this.settings.maxUpdateScan,
        store: (stored, updates) => this.commit.add({ room: stored, updates, connection: null, count: 0 }),
        maxHeldBytes: this.settings.maxMessageBytes,
        discarded: (discarding, reason) => this.discarded(discarding, reason),
        loadFailed: (failed, error) => this.loadFailed(failed, error),
        loaded: (loaded) => roomsOnBus.loaded(loaded),
        applied: (applied, update, origin) => roomsOnBus.applied(applied, update, origin),
        presenceChanged: (changed, clients, origin) => roomsOnBus.presenceChanged(changed, clients, origin),
      })
      this.rooms.set(name, room)
      this.metrics.documentsLoaded.set(this.rooms.size)
    }
    return room
  }

  /**
   * Held-back structs discarded (their scan past the budget once what they waited for arrived, Yjs
   * failing to integrate them, or past the cap on what a room holds back) are counted, and logged once
   * per loaded room: a member who keeps crafting them must not flood the log.
   */
  private discarded(room: Room, reason: HeldBackDiscard): void {
    this.metrics.heldBackDiscarded.inc()
    if (this.discardLogged.has(room)) return
    this.discardLogged.add(room)
    this.options.log.warn({ room: room.name, reason }, 'discarded structs held back in a document')
  }

  /** A document whose stored state does not read must not take the relay down: its clients are told. */
  private loadFailed(room: Room, error: Error): void {
    this.options.log.error({ err: error, room: room.name }, 'could not load a document')
    for (const connection of room.connections.keys()) connection.close('storageFailed')
    this.unload(room)
  }

  /** Stores what is pending, has the document compacted if it changed, and lets it go. */
  private unload(room: Room): void {
    if (room.updatesSinceSnapshot > 0) this.compactions.request(room.name)
    room.destroy()
    this.rooms.delete(room.name)
    this.metrics.documentsLoaded.set(this.rooms.size)
  }

  /**
   * Unloads the least recently used documents while the heap is over its ceiling; their clients are
   * told to come back later. One document a turn of the event loop.
   */
  private keepUnderCeiling(): void {
    const chosen = this.ceiling.choose(this.rooms.values())
    if (chosen.length === 0) return
    this.options.log.warn(
      { documents: chosen.length, loaded: this.rooms.size, heapCeilingBytes: this.ceiling.bytes },
      'unloading the least recently used documents to free memory',
    )
    const unloadNext = () => {
      const room = chosen.shift()
      if (!room || this.closing) return
      if (this.rooms.get(room.name) === room) {
        for (const connection of room.connections.keys()) connection.close('memoryFull')
        this.metrics.memoryCloses.inc(room.connections.size)
        this.metrics.memoryUnloads.inc()
        this.unload(room)
      }
      setImmediate(unloadNext)
    }
    unloadNext()
  }

  /** Ends the sessions of tokens revoked (by `casebook revoke`, perhaps from another process) or expired since they joined. */
  /** Looks for revocations and expiries, unless a look is under way already (a notification and the timer may come together). */
  private pollRevocations(): void {
    this.polling ??= this.closeRevokedAndExpired()
      .catch((error: unknown) => this.options.log.error({ err: error }, 'could not read the revoked tokens'))
      .finally(() => (this.polling = null))
  }

  /**
   * Ends the sessions of tokens revoked (by `casebook revoke`, perhaps from another process, or by
   * another instance) or expired since they joined, and of workshops ended early on any instance.
   */
  private async closeRevokedAndExpired(): Promise<void> {
    const { cursor, tokenIds } = await this.backends.revocations.revokedAfter(this.revokedUpTo)
    this.revokedUpTo = cursor
    for (const tokenId of tokenIds) {
      for (const connection of this.byToken.get(tokenId) ?? []) connection.close(connection.workshop === undefined ? 'tokenRevoked' : 'removedFromWorkshop')
    }
    const ended = await this.workshopsEnded()
    const now = Date.now()
    for (const connections of this.byToken.values()) {
      // A workshop's session token expires as its workshop ends.
      for (const connection of connections) {
        const workshop = connection.workshop
        if (connection.expiresAt <= now || (workshop !== undefined && ended.has(workshop)))
          connection.close(workshop === undefined ? 'tokenExpired' : 'workshopEnded')
      }
    }
  }

  /** The workshops with sessions here that have ended (early, perhaps through another instance). */
  private async workshopsEnded(): Promise<Set<string>> {
    const codes = new Set<string>()
    for (const connections of this.byToken.values()) for (const { workshop } of connections) if (workshop !== undefined) codes.add(workshop)
    const ended = new Set<string>()
    for (const code of codes) {
      const workshop = await this.backends.workshops.find(code)
      if (!workshop || workshopEnd(workshop) <= Date.now()) ended.add(code)
    }
    return ended
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      const alive = ws as WebSocket & { casebookAlive?: boolean }
      if (alive.casebookAlive === false) {
        ws.terminate()
        continue
      }
      alive.casebookAlive = false
      ws.once('pong', () => (alive.casebookAlive = true))
      ws.ping()
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
}

function hostPort(server: Server, scheme: 'ws' | 'wss' | 'http'): string {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The relay is not listening.')
  return `${scheme}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}

function holderOf(session: Session): Holder {
  return { tokenId: session.tokenId, address: session.address, room: session instanceof Connection ? session.room.name : null }
}
