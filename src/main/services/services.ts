import { join } from 'node:path'
import { Awareness } from 'y-protocols/awareness'
import type * as z from 'zod'
import { deferred } from '../../shared/deferred.js'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { exportFileName } from '../../shared/export/exportFormat.js'
import { REQUESTS, type BackendEvent, type Channel, type DocumentRow, type ErrorReply, type Responses } from '../../shared/ipc/contract.js'
import { writeMeta } from '../../shared/model/document.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { reviewedAs, type Reviewed } from '../export/reviewed.js'
import { fieldProblems } from '../../shared/model/validation.js'
import { ChromiumPrinter } from '../export/ChromiumPrinter.js'
import { LazyPrinter } from '../export/LazyPrinter.js'
import type { Printer } from '../export/Printer.js'
import { Importer } from '../import/importer.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import { Library } from '../library/library.js'
import type { AppLog } from '../log/appLog.js'
import { openFileLog } from '../log/fileLog.js'
import { FileSettingsStore } from '../settings/fileSettingsStore.js'
import type { SettingsStore } from '../settings/settingsStore.js'
import { SyncEngine } from '../sync/syncEngine.js'
import { DocumentSession } from './documentSession.js'
import { errorReply } from './errorReply.js'
import { SearchIndex } from './searchIndex.js'
import { SEARCH_INDEX_FILE } from './searchIndexFile.js'
import { Notices } from './notices.js'
import { placeChanges } from './placeChanges.js'
import { reportStorageFailure } from './storageFailures.js'
import { reportSyncEvent } from './syncEvents.js'
import { BlobGarbageSchedule } from './blobGarbageSchedule.js'
import { decide, documentReview, editedSincePublished, submit } from './workflow.js'
import { curate, curationOf, notJoined } from './curation.js'
import { adapt, adaptedBy } from './adaptations.js'
import { libraryStats } from '../../shared/model/libraryStats.js'
import type { NetworkStats } from '../../shared/model/networkStats.js'
import { statusOf } from '../../shared/model/workflow.js'
import { LookedRecord } from './LookedRecord.js'
import { CommentCounts } from './CommentCounts.js'
import { addComment, commenterIn, commentsView } from './comments.js'
import { commentsRoomOf, historyRoomOf } from '../../shared/protocol/rooms.js'
import { StartedWorkshops } from './StartedWorkshops.js'
import { joinWorkshop, refuseWorkshopNetwork, runningWorkshop, runWorkshop, startWorkshop, type WorkshopContext } from './workshops.js'

/** A renderer, as the back end reaches it: whichever shell carries the messages. */
export interface Peer {
  event(event: BackendEvent): void
  documentMessage(id: string, message: Uint8Array): void
}

export interface ServicesOptions {
  /** Where settings live: by default settings.json in the data directory. */
  settings?: SettingsStore
  /**
   * Where background failures, changes kept out of a network and Casebook's own bugs are written: by
   * default a file in the data directory (fileLog.ts). Closed when the services stop.
   */
  log?: AppLog
  /** What prints PDF exports: by default Chromium through Playwright, started at the first PDF. Closed when the services stop. */
  printer?: Printer
}

/** A renderer's connection to the services. */
export interface Client {
  /** Validates and runs one request; resolves with its response or a typed error, never throws. */
  request(channel: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorReply }>
  /** A y-protocols message for an open document; one that cannot be read is reported, not thrown. */
  documentMessage(id: string, message: Uint8Array): void
  /** Closes the documents it had open. */
  close(): Promise<void>
}

/** A document open in at least one renderer: its handle, its shared presence, its live connection. */
interface OpenDocument {
  handle: DocumentHandle
  awareness: Awareness
  sessions: Set<DocumentSession>
  disconnect: () => void
}

/** Each handler gets its request as the schema parsed it: with its defaults filled in. */
type Handlers = { [C in Channel]: (input: z.output<(typeof REQUESTS)[C]>, client: ClientState) => Promise<Responses[C]> }

interface ClientState {
  peer: Peer
  /** Its session of each document it has open, and how many of its copies of it are open. */
  sessions: Map<string, { session: DocumentSession; opens: number }>
  /** Whether a file it sent is being imported: each holds up to 50 MB until it is, so one at a time. */
  importing: boolean
  /** Stops the report it asked for, while one is compiled. */
  report: AbortController | null
}

/**
 * The back end both shells host: the library, background sync, settings and search, behind the
 * contract (src/shared/ipc/contract.ts). Every request is checked against its schema before anything
 * runs, and every failure reaches the renderer as a code and a plain sentence.
 */
export class Services {
  private readonly clients = new Set<ClientState>()
  private readonly notices = new Notices()
  private readonly open = new Map<string, Promise<OpenDocument>>()
  /** One for the app, kept warm between the files of an import (Importer). */
  private readonly importer = new Importer()
  private readonly stopWatching: () => void
  /** Documents changed since the renderers were last told, told together on the next turn. */
  private readonly changedIds = new Set<string>()
  /** The library's unreferenced images, looked for at start and once a day. */
  private readonly garbage: BlobGarbageSchedule

  private constructor(
    readonly library: Library,
    readonly sync: SyncEngine,
    private readonly settings: SettingsStore,
    private readonly log: AppLog,
    private readonly search: SearchIndex,
    private readonly printer: Printer,
    private readonly looked: LookedRecord,
    private readonly commentCounts: CommentCounts,
    private readonly started: StartedWorkshops,
  ) {
    search.attach(library)
    this.garbage = new BlobGarbageSchedule(library, log)
    // What the library lists changes with anything but an edit of a body.
    this.stopWatching = library.watch((change) => {
      if (change.cause === 'history') this.tell({ type: 'history-changed', id: change.id })
      else if (change.cause === 'comments') this.commentsChanged(change.id)
      else if (change.cause !== 'edit') this.libraryChanged(change.id)
    })
  }

  static async start(
    dataDir: string,
    { settings = new FileSettingsStore(dataDir), log, printer = new LazyPrinter(() => ChromiumPrinter.launch()) }: ServicesOptions = {},
  ): Promise<Services> {
    let services: Services | undefined
    const ready = deferred<Services>()
    // Loading the search index (most of a second at 5,000 documents) needs no library: it starts
    // first, in its worker, while the library opens. What it says before the services are up waits for them.
    const search = new SearchIndex(join(dataDir, 'library', SEARCH_INDEX_FILE), {
      onProgress: (progress) => void ready.promise.then((up) => up.tell({ type: 'search-progress', progress })),
      onWarning: (message, error) => void ready.promise.then((up) => up.log.warn(message, { error })),
    })
    const library = await Library.open(dataDir, {
      // The list is drawn from index.json while the library checks it against the folders.
      checkInBackground: true,
      // A document may be written before the services are up (a compaction as the library opens, a
      // background sync): its failure is told once they are.
      onStorageFailure: (failure) => void ready.promise.then((up) => up.tell(reportStorageFailure(failure, library, up.log))),
    }).catch(async (error: unknown) => {
      await search.close()
      throw error
    })
    // The list still answers from index.json; every document operation fails with the check's error.
    library.whenChecked().catch((error: unknown) => {
      void ready.promise.then((up) => up.log.error('The library could not be checked against its folders.', { error }))
    })
    let appLog: AppLog | undefined
    try {
      appLog = log ?? (await openFileLog(dataDir))
      const opened = appLog
      const sync = await SyncEngine.start(library, settings, dataDir, (event) => {
        // A standing changed: the rows of those documents (a renderer started later lists them anew).
        if (event.type === 'curation') return services?.tell({ type: 'curation-changed', network: event.network })
        if (event.type === 'adaptations') return services?.tell({ type: 'adaptations-changed', network: event.network })
        // One whose end passed while the app was closed ends as it starts: told once the services are up.
        // Its document no longer syncs: its row says so.
        if (event.type === 'workshop-ended')
          return void ready.promise.then((up) => {
            up.tell(reportSyncEvent(event, library, opened))
            up.libraryChanged(event.document)
          })
        if (event.type !== 'standings') return services?.tell(reportSyncEvent(event, library, opened))
        for (const id of event.ids) if (library.isListed(id)) services?.libraryChanged(id)
      })
      const counts = await CommentCounts.open(dataDir, library, (id) => services?.libraryChanged(id))
      services = new Services(library, sync, settings, opened, search, printer, await LookedRecord.open(dataDir), counts, await StartedWorkshops.open(dataDir))
      ready.resolve(services)
      return services
    } catch (error) {
      await search.close()
      await appLog?.close()
      await library.close()
      throw error
    }
  }

  connect(peer: Peer): Client {
    const state: ClientState = { peer, sessions: new Map(), importing: false, report: null }
    this.clients.add(state)
    return {
      request: async (channel, input) => {
        try {
          return { ok: true, value: await this.handle(channel, input, state) }
        } catch (error) {
          if (!isCasebookError(error)) this.log.error(`The request ${channel} failed unexpectedly.`, { error })
          return { ok: false, error: errorReply(error) }
        }
      },
      documentMessage: (id, message) => {
        try {
          const session = state.sessions.get(id)?.session
          if (!session)
            throw new CasebookError('DOCUMENT_CLOSED', `Document ${id} is not open here; open it before sending it changes.`, {
              reason: 'closed',
            })
          session.receive(message)
        } catch (error) {
          // The renderer reopens the document; the log says why, should that keep happening.
          this.log.warn(`A renderer sent document ${id} a message that could not be used.`, { document: id, error })
          peer.event({ type: 'document-error', id, ...errorReply(error) })
        }
      },
      close: async () => {
        state.report?.abort()
        this.clients.delete(state)
        for (const id of [...state.sessions.keys()]) await this.endSession(id, state)
      },
    }
  }

  /** Closes every renderer's documents, stops syncing, and closes the library. */
  async stop(): Promise<void> {
    // A report under way answers null, rather than print on a printer closed below.
    for (const client of this.clients) client.report?.abort()
    for (const client of [...this.clients]) for (const id of [...client.sessions.keys()]) await this.endSession(id, client)
    this.clients.clear()
    this.stopWatching()
    await this.search.close()
    await this.importer.close()
    await this.printer.close()
    await this.sync.stop()
    await this.looked.settled()
    await this.commentCounts.settled()
    await this.started.settled()
    await this.garbage.stop()
    await this.library.close()
    await this.log.close()
  }

  private async handle(channel: string, input: unknown, client: ClientState): Promise<unknown> {
    if (!Object.hasOwn(REQUESTS, channel))
      throw new CasebookError('BAD_REQUEST', `There is no request called "${String(channel)}".`, { reason: 'notUnderstood' })
    const schema = REQUESTS[channel as Channel]
    const parsed = schema.safeParse(input ?? {})
    if (!parsed.success) {
      const [problem] = fieldProblems(parsed.error)
      if (!problem) throw new CasebookError('BAD_REQUEST', `The request ${channel} is invalid.`, { reason: 'notUnderstood' })
      const { field, entry, code, params, message } = problem
      // Each field and problem is said in the window's language (errorText), as a meta field's is.
      throw new CasebookError('BAD_REQUEST', `The request ${channel} is invalid: ${message}.`, {
        reason: 'field',
        params: { field, problem: code, ...(entry ? { entry } : {}), ...params },
      })
    }
    const handler = this.handlers[channel as Channel] as (input: unknown, client: ClientState) => Promise<unknown>
    return handler(parsed.data, client)
  }

  private readonly handlers: Handlers = {
    'library.list': async ({ place }) => (place === 'trash' ? this.library.listTrash() : this.library.list()).map((summary) => this.row(summary.id)),
    'library.search': async ({ query }) => {
      if (!query.trim()) return { hits: [], progress: await this.search.progress() }
      const { hits, progress } = await this.search.search(query)
      return { hits: hits.map(({ id, passage }) => ({ ...this.row(id), passage })), progress }
    },
    'library.searchProgress': async () => this.search.progress(),
    'library.create': async ({ kind, title, network, city, language }) => {
      if (network) await refuseWorkshopNetwork(this.settings, network)
      // TipTap and ProseMirror, which a new body takes, load when a document is first made, not at launch.
      const { newDocumentContent } = await import('../../shared/model/documentBody.js')
      const profile = (await this.settings.read()).profile
      // The author's city unless another is given: most write about their own, and a document with no city counts under none.
      const documentCity = city || profile?.city
      const id = await this.library.create(
        newDocumentContent({
          kind,
          title,
          language,
          ...(network ? { network } : {}),
          ...(documentCity ? { city: documentCity } : {}),
          authors: profile ? [profile.name] : [],
        }),
      )
      // Made here: nothing in it is news to its author.
      this.markLooked(id)
      return this.row(id)
    },
    'library.trash': async ({ id }) => {
      await this.library.trash(id).catch(async (error: unknown) => {
        // The search index holds each changed document open for a moment while it reads it: a trash
        // that meets that read is made once the read is done (it fails again if the user has it open).
        // So does a workshop joined with its code, which keeps its document connected.
        if (!isCasebookError(error) || error.code !== 'DOCUMENT_IN_USE') throw error
        await this.search.letGo(id)
        const holdAgain = await this.sync.letGo(id)
        try {
          await this.library.trash(id)
        } finally {
          holdAgain()
        }
      })
      return null
    },
    'library.restore': async ({ id }) => {
      await this.library.restore(id)
      return null
    },
    'library.versions': async ({ id }) => {
      const network = this.library.summary(id).meta.network
      if (network) this.sync.fetchSide(network, historyRoomOf(id))
      return this.library.versions(id)
    },
    'library.saveVersion': async ({ id, label }) => this.library.saveVersion(id, { label, author: await this.author() }, this.row(id).status),
    'library.version': async ({ id, versionId }) => {
      const { readBody } = await import('../../shared/model/documentBody.js')
      const version = await this.library.readVersion(id, versionId)
      const handle = await this.library.open(id)
      try {
        return { body: readBody(version), current: readBody(handle.doc) }
      } finally {
        version.destroy()
        await handle.close()
      }
    },
    'library.restoreVersion': async ({ id, versionId, label }) => {
      // TipTap and y-tiptap load at the first restore, not at launch.
      const { restoreVersion } = await import('../library/restoreVersion.js')
      const before = await restoreVersion(this.library, id, versionId, { label, author: await this.author() }, this.row(id).status)
      this.markLooked(id)
      return before
    },
    'library.prepareImport': async () => {
      this.importer.prepare()
      return null
    },
    'library.import': async ({ name, bytes }, client) => {
      if (client.importing)
        throw new CasebookError('BAD_REQUEST', `${name}: Another file from this window is still being imported; send one at a time.`, {
          reason: 'importBusy',
          params: { name },
        })
      client.importing = true
      try {
        // Converted whole before anything is stored: a file refused leaves nothing behind. Private, even
        // if the file names a network: whether this device may write there is for the user to choose.
        const file = await this.importer.import({ name, bytes }, { network: null })
        // Before the document that names them. Should the document then fail, what was stored goes with the unreferenced images.
        for (const image of file.images) await this.library.blobs.add(image.hash, image.bytes)
        const id = await this.library.createFromState(file.document)
        this.markLooked(id)
        return { row: this.row(id), warnings: file.warnings }
      } finally {
        client.importing = false
      }
    },
    'library.report': async (request, client) => {
      if (client.report)
        throw new CasebookError('BAD_REQUEST', 'This window is already compiling a report; wait for it, or cancel it.', { reason: 'reportBusy' })
      const controller = new AbortController()
      client.report = controller
      try {
        // Loaded at the first report, not at launch, as an export's modules are.
        const { compileReport } = await import('../export/compileReport.js')
        const bytes = await compileReport(this.library, request, {
          printer: this.printer,
          standingOf: (network) => this.sync.standing(network),
          networkName: (network) => this.sync.networkName(network),
          statsOf: async (network) => this.stats(network),
          reviewed: (id) => this.reviewed(id),
          signal: controller.signal,
          onProgress: (progress) => client.peer.event({ type: 'report-progress', ...progress }),
        })
        return { name: exportFileName(request.title, request.format), bytes }
      } catch (error) {
        // Cancelled: no file.
        if (controller.signal.aborted) return null
        throw error
      } finally {
        client.report = null
      }
    },
    'library.cancelReport': async (_input, client) => {
      client.report?.abort()
      return null
    },
    'documents.open': async ({ id }, client) => {
      const editor = (await this.settings.read()).profile?.name ?? null
      const document = await this.openDocument(id)
      this.lookedAt(id)
      // Asked twice, the second call finds the first one's session, and the content is sent again:
      // the renderer's new copy waits for it. The session lasts until every copy is closed.
      let entry = client.sessions.get(id)
      if (entry) entry.opens++
      else {
        const session = new DocumentSession(document.handle.doc, document.awareness, (message) => client.peer.documentMessage(id, message), editor)
        document.sessions.add(session)
        entry = { session, opens: 1 }
        client.sessions.set(id, entry)
      }
      entry.session.start()
      // Its comments too, should the feed have missed them.
      const network = this.library.summary(id).meta.network
      if (network) this.sync.fetchSide(network, commentsRoomOf(id))
      return this.row(id)
    },
    'documents.close': async ({ id }, client) => {
      await this.closeDocument(id, client)
      return null
    },
    'documents.export': async ({ id, format, paper, text, comments }) => {
      // Loaded at the first export, not at launch: TipTap, ProseMirror and the docx package.
      const [{ readDocument }, { exportDocument }, { documentImages }, { markdownBundle, markdownImageFiles }] = await Promise.all([
        import('../export/readDocument.js'),
        import('../export/exportDocument.js'),
        import('../export/documentImages.js'),
        import('../export/markdownBundle.js'),
      ])
      const leftOut = new Set<string>()
      const reviewed = this.reviewed(id)
      const {
        meta,
        body,
        comments: placed,
      } = await readDocument(
        this.library,
        id,
        (type) => leftOut.add(type),
        reviewed && (text === 'published' ? reviewed : { status: reviewed.status }),
        // Only a Word file has a place for them.
        { comments: comments && format === 'docx' },
      )
      const images = await documentImages(this.library.blobs, [body])
      const data = await exportDocument(format, meta, body, { paper, printer: this.printer, comments: placed, images: images.bytes })
      const name = exportFileName(meta.title, format)
      const files = format === 'md' ? markdownImageFiles(body, images.bytes) : []
      // One file to save: Markdown with images is a .zip of it and its images folder.
      if (files.length) {
        const zip = await markdownBundle(name, String(data), files)
        return { name: `${name.slice(0, -'.md'.length)}.zip`, bytes: zip, leftOut: [...leftOut], missingImages: images.missing }
      }
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
      return { name, bytes, leftOut: [...leftOut], missingImages: images.missing }
    },
    'documents.setMeta': async ({ id, patch }) => {
      if (patch.network) await refuseWorkshopNetwork(this.settings, patch.network, id)
      const handle = await this.library.open(id)
      try {
        const fields = Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, value ?? undefined])) as Partial<DocumentMeta>
        writeMeta(handle.doc, fields)
        await handle.flushed()
      } finally {
        await handle.close()
      }
      // The user's own change is no news to them.
      this.markLooked(id)
      return this.row(id)
    },
    'documents.submit': async ({ id, submit: submitting, label }) => {
      await submit({ library: this.library, sync: this.sync, by: await this.author() }, id, submitting, label)
      this.markLooked(id)
      return this.row(id)
    },
    'documents.decide': async ({ id, to, note, label }) => {
      await decide({ library: this.library, sync: this.sync, by: await this.author() }, id, to, note, label)
      return this.row(id)
    },
    'documents.adapt': async (input) => {
      const id = await adapt({ library: this.library, sync: this.sync, settings: this.settings }, input)
      // Made here: nothing in it is news to its author.
      this.markLooked(id)
      return this.row(id)
    },
    'documents.adaptedBy': async ({ id }) => {
      const from = this.library.summary(id).meta.adaptedFrom
      return { adaptedBy: adaptedBy(this, id), sourceHeld: from !== undefined && this.library.isListed(from.id) }
    },
    'documents.review': async ({ id }) => {
      const review = this.row(id).review
      return { ...(review ? { review } : {}), editedSincePublished: await editedSincePublished(this.library, id, review) }
    },
    'comments.list': async ({ id }) => commentsView(this.library, id, await commenterIn(this.settings, this.library.summary(id).meta.network)),
    'comments.add': async (input) => addComment(this.library, await commenterIn(this.settings, this.library.summary(input.id).meta.network), input),
    'networks.list': async () => this.sync.networks(),
    'networks.curation': async ({ network }) => curationOf(this.sync, network),
    'networks.curate': async ({ network, change }) => curate(this.sync, network, change),
    'networks.stats': async ({ network }) => this.stats(network),
    'networks.lookedAtStats': async ({ network }) => {
      this.looked.lookedAtStats(network, new Date().toISOString())
      return null
    },
    'networks.join': (invite) => this.sync.join(invite),
    'networks.leave': async ({ id, removeDocuments }) => {
      await this.sync.leave(id, { removeDocuments })
      return null
    },
    'workshops.start': async ({ id, minutes }) => startWorkshop(this.workshops, id, minutes),
    'workshops.running': async ({ id }) => runningWorkshop(this.workshops, id),
    'workshops.status': async (workshop) => runWorkshop(this.workshops, workshop, { status: true }),
    'workshops.end': async (workshop) => runWorkshop(this.workshops, workshop, { end: true }),
    'workshops.remove': async ({ guest, ...workshop }) => runWorkshop(this.workshops, workshop, { remove: guest }),
    'workshops.join': async ({ input }) => joinWorkshop(this.workshops, input),
    'settings.get': async () => {
      const { profile, language } = await this.settings.read()
      return { profile: profile ?? null, ...(language ? { language } : {}) }
    },
    'settings.tokenStorage': async () => this.settings.tokenStorage(),
    'settings.allowPlainTokens': async ({ allow }) => {
      await this.settings.allowPlainTokens(allow)
      return this.settings.tokenStorage()
    },
    'app.logRenderError': async ({ message, stack }) => {
      this.log.error('A screen failed to render.', { error: { message, stack } })
      return null
    },
    'app.notices': async () => this.notices.list(),
    'app.dismissNotice': async ({ type, id }) => {
      this.notices.dismiss(type, id)
      return null
    },
    'blobs.put': async ({ bytes }) => this.library.blobs.put(bytes),
    'blobs.get': async ({ hash }) => {
      const bytes = await this.library.blobs.get(hash)
      return bytes && { bytes }
    },
    'settings.setProfile': async (profile) => {
      const settings = await this.settings.read()
      await this.settings.write({ ...settings, profile })
      return { profile }
    },
    'settings.setLanguage': async ({ language }) => {
      const settings = await this.settings.read()
      await this.settings.write({ ...settings, language })
      return { language }
    },
  }

  private get workshops(): WorkshopContext {
    return { library: this.library, settings: this.settings, sync: this.sync, started: this.started }
  }

  private row(id: string): DocumentRow {
    const summary = this.library.summary(id)
    const review = documentReview(this.sync, id, summary.meta)
    return {
      id,
      meta: summary.meta,
      ...(summary.trashedAt ? { trashedAt: summary.trashedAt } : {}),
      sync: summary.trashedAt ? 'local-only' : this.sync.state(id),
      status: statusOf(review, summary.meta),
      changed: !summary.trashedAt && this.looked.changed(id, summary.meta.updatedAt),
      openComments: this.commentCounts.open(id),
      ...(review ? { review } : {}),
    }
  }

  private openDocument(id: string): Promise<OpenDocument> {
    let opening = this.open.get(id)
    if (!opening) {
      opening = (async () => {
        const handle = await this.library.open(id)
        const awareness = new Awareness(handle.doc)
        // The back end has no presence of its own; each renderer announces its user's.
        awareness.setLocalState(null)
        return { handle, awareness, sessions: new Set<DocumentSession>(), disconnect: this.sync.connectLive(id, handle.doc, awareness) }
      })()
      this.open.set(id, opening)
      opening.catch(() => this.open.delete(id))
    }
    return opening
  }

  /** One of the client's copies of the document is closed: its session ends with the last. */
  private async closeDocument(id: string, client: ClientState): Promise<void> {
    const entry = client.sessions.get(id)
    if (entry && --entry.opens === 0) await this.endSession(id, client)
  }

  private async endSession(id: string, client: ClientState): Promise<void> {
    const session = client.sessions.get(id)?.session
    if (!session) return
    client.sessions.delete(id)
    session.close()
    const opening = this.open.get(id)
    const document = await opening
    if (!document) return
    document.sessions.delete(session)
    if (document.sessions.size > 0) return
    this.open.delete(id)
    // As the user leaves it: what they wrote, and what others wrote meanwhile, they have seen.
    this.lookedAt(id)
    document.disconnect()
    document.awareness.destroy()
    await document.handle.close()
  }

  /**
   * The user made the change the document holds (what they make is no news to them). The index
   * follows a loaded document's meta, so its summary holds the `updatedAt` they saw. The change
   * itself tells the document's row.
   */
  private markLooked(id: string): void {
    this.looked.looked(id, this.library.summary(id).meta.updatedAt)
  }

  /** The user has the document before them, which changes nothing else: its row is told, no longer changed since they last looked. */
  private lookedAt(id: string): void {
    this.markLooked(id)
    this.libraryChanged(id)
  }

  /** Tells renderers of the comments, and the document's row once its count is taken again. */
  private commentsChanged(id: string): void {
    this.tell({ type: 'comments-changed', id })
    this.commentCounts.recount(this.library, id).then(
      (changed) => changed && this.libraryChanged(id),
      (error: unknown) => this.log.warn(`The comments of document ${id} could not be counted.`, { document: id, error }),
    )
  }

  private libraryChanged(id: string): void {
    if (this.changedIds.size === 0) setImmediate(() => this.tellLibraryChanged())
    this.changedIds.add(id)
  }

  /** Tells each changed document's row as it is now, so that renderers never ask for the whole list again. */
  private tellLibraryChanged(): void {
    const ids = [...this.changedIds]
    this.changedIds.clear()
    if (this.clients.size === 0) return
    const rowOf = (id: string) => {
      try {
        return this.row(id)
      } catch (error) {
        // Gone from the library, or damaged: either way no list shows it.
        if (!isCasebookError(error) || (error.code !== 'UNKNOWN_DOCUMENT' && error.code !== 'DOCUMENT_DAMAGED'))
          this.log.error(`Document ${id} changed, but its row could not be read.`, { document: id, error })
        return null
      }
    }
    this.tell({ type: 'library-changed', changes: placeChanges(ids, rowOf) })
  }

  /** A joined network's figures (networkStats.ts), from what this device holds. */
  private stats(network: string): NetworkStats {
    const catalog = this.sync.catalog(network)
    if (!catalog) throw notJoined(network)
    // Only the status of each row: the rest (sync state, comments, what is new) the figures do not use.
    const documents = this.library.list().map(({ id, meta }) => ({ id, meta, status: statusOf(documentReview(this.sync, id, meta), meta) }))
    return libraryStats(network, documents, catalog, this.sync.adaptations(network), this.looked.statsLooked(network))
  }

  private reviewed(id: string): Reviewed | undefined {
    return reviewedAs(this.row(id).review)
  }

  /** Who the user is, for what they save: the profile's name. */
  private async author(): Promise<string> {
    return (await this.settings.read()).profile?.name ?? 'Unknown'
  }

  /** Tells every renderer, and keeps the notices for renderers still to come. */
  private tell(event: BackendEvent | null): void {
    if (!event) return
    this.notices.follow(event)
    for (const client of this.clients) client.peer.event(event)
  }
}
