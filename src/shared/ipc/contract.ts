import type { JSONContent } from '@tiptap/core'
import * as z from 'zod'
import { CasebookError, type ErrorCode, type ErrorDetail } from '../errors.js'
import { EXPORT_FORMATS, PAPERS, REPORT_FORMATS } from '../export/exportFormat.js'
import type { ImportWarning } from '../importWarning.js'
import { BLOB_HASH } from '../model/blobHash.js'
import type { CheckedImage } from '../model/checkImage.js'
import { DOCUMENT_ID } from '../model/documentId.js'
import { languageSchema, type Language } from '../model/languages.js'
import { DOCUMENT_STATUSES, metaSchema, networkIdSchema, type DocumentMeta, type DocumentStatus } from '../model/meta.js'
import type { NetworkStats } from '../model/networkStats.js'
import type { Review } from '../model/workflow.js'
import { collectionSchema, topicsSchema, type Curation } from '../model/curation.js'
import { profileSchema, type JoinedNetwork, type JoinedWorkshop, type Profile } from '../model/settings.js'
import type { SyncState } from '../model/syncState.js'
import type { Member } from '../protocol/messages.js'
import { textField as text } from '../model/validation.js'
import { VERSION_ID, type VersionInfo } from '../model/version.js'
import type { CommentThread } from '../model/commentThreads.js'
import { COMMENT_KINDS, EVENT_ID, MAX_ANCHOR_CHARS, MAX_COMMENT_CHARS, MAX_QUOTE_CHARS } from '../protocol/commentEvents.js'
import type { Role } from '../protocol/invite.js'
import { CODE_ALPHABET, CODE_LENGTH, DEFAULT_WORKSHOP_MINUTES, MAX_WORKSHOP_MINUTES, type WorkshopSummary } from '../protocol/workshops.js'

/**
 * The contract between the renderer and the back end (main process, or the browser shell's Node
 * process). Each request channel has a zod schema, which the back end applies to every request
 * before acting on it, and a response type. Besides requests, the back end pushes events, and each
 * open document has a channel of y-protocols messages (see shellFrames.ts).
 */

const documentId = z.string().regex(DOCUMENT_ID, { error: 'must be a document id: 16 hexadecimal digits' })
const none = z.object({}).strict()
const versionId = z.string().regex(VERSION_ID, { error: 'must be a version id: 20 hexadecimal digits' })
/** A workshop's code as stored (workshops.ts), without its dash. */
const workshopCode = z.string().regex(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`), { error: 'must be a workshop code' })
/** A workshop, by the facilitator's network and its code. */
const workshopOf = { network: networkIdSchema, code: workshopCode }

/** The meta fields a renderer may set, validated as the meta itself is; null clears an optional one. */
const { network, city, country, language } = metaSchema.shape
// A submission is made by documents.submit, which checks the user's role; an adaptation's source by
// documents.adapt; the editors by the edits themselves (documentSession.ts).
const metaPatch = metaSchema
  .omit({ createdAt: true, updatedAt: true, submitted: true, adaptedFrom: true, editors: true })
  .extend({ network: network.unwrap().nullable(), city: city.unwrap().nullable(), country: country.unwrap().nullable() })
  .partial()
  .strict()

export const REQUESTS = {
  'library.list': z.object({ place: z.enum(['documents', 'trash']).default('documents') }).strict(),
  'library.search': z.object({ query: z.string().max(500, { error: 'must be at most 500 characters' }) }).strict(),
  /** How far the search index is built: search finds only what is indexed, so while `indexed < total` say so. */
  'library.searchProgress': none,
  /** A new document from its kind's template in `language`, the author's (English unless given). */
  'library.create': metaSchema
    .pick({ kind: true, title: true, network: true, city: true })
    .extend({ language: language.unwrap().default('en') })
    .strict(),
  'library.trash': z.object({ id: documentId }).strict(),
  'library.restore': z.object({ id: documentId }).strict(),
  /** The document's versions, oldest first; a document of a joined network also fetches its network's soon (history-changed tells). */
  'library.versions': z.object({ id: documentId }).strict(),
  'library.saveVersion': z.object({ id: documentId, label: text(100) }).strict(),
  /** A version's body, and the document's body as it is now, to show the one or compare them (bodyChanges). */
  'library.version': z.object({ id: documentId, versionId: versionId }).strict(),
  /**
   * Puts a version's body back as an edit (restoreVersion.ts), after saving the current state as a
   * version labelled `label` (the window's words for "Before restoring …").
   */
  'library.restoreVersion': z.object({ id: documentId, versionId: versionId, label: text(100) }).strict(),
  /** An import is about to start (the picker opened, files dragged over the window): the importer gets ready. */
  'library.prepareImport': none,
  /**
   * One file to import, as its name and bytes, into a private document (a Uint8Array: Electron's IPC
   * clones it, the browser shell sends it in a binary frame). Its size is checked before anything else
   * (importableFile.ts); a file that cannot be imported is refused with its name and the reason.
   */
  'library.import': z
    .object({ name: text(255), bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'must be the bytes of a file' }) })
    .strict(),
  /**
   * A report of the documents given, in that order (a published one as its network published it): a PDF (on the paper given) or a Word file, as a
   * file to save. While it is compiled, the window that asked is told how far it is (report-progress
   * events); one report at a time per window.
   */
  'library.report': z
    .object({
      title: text(200),
      ids: z.array(documentId).min(1, { error: 'must name at least one document' }).max(1000, { error: 'must name at most 1,000 documents' }),
      format: z.enum(REPORT_FORMATS),
      paper: z.enum(PAPERS).default('a4'),
      /** Opens the report with a "Network at a glance" page of this network's figures (networks.stats) and two of its charts. */
      atAGlance: networkIdSchema.optional(),
    })
    .strict(),
  /** Stops this window's report, which then answers null: no file is made. */
  'library.cancelReport': none,
  /** Starts the document's channel: the back end sends its state, then every change. */
  'documents.open': z.object({ id: documentId }).strict(),
  'documents.close': z.object({ id: documentId }).strict(),
  /**
   * The document as a file to save, in the format asked; a PDF on the paper given (A4 unless said).
   * A published document is exported as its network published it, unless `text` asks for the text as it is now.
   * A Word file carries the document's open comments as Word comments if `comments` asks (other formats ignore it).
   */
  'documents.export': z
    .object({
      id: documentId,
      format: z.enum(EXPORT_FORMATS),
      paper: z.enum(PAPERS).default('a4'),
      text: z.enum(['published', 'current']).default('published'),
      comments: z.boolean().default(false),
    })
    .strict(),
  /**
   * Asks the network to review the document (`submit`), or withdraws that request (workflow.ts),
   * saving the document first as a version labelled `label` (the window's words).
   */
  'documents.submit': z.object({ id: documentId, submit: z.boolean(), label: text(100) }).strict(),
  /** A facilitator moves the document to another status, with a note to its authors, saving it first as a version labelled `label`. */
  'documents.decide': z.object({ id: documentId, to: z.enum(DOCUMENT_STATUSES), note: text(1000).optional(), label: text(100) }).strict(),
  /**
   * "Adapt for my city": a new document in `network` (private if null), of `kind`, whose body has the
   * source's section headings and quotes its Transferability section (adaptationBody.ts), whose
   * `meta.adaptedFrom` names the source, and whose city is the user's. The source's network is told
   * of it by reference only (adaptationReferences.ts).
   */
  'documents.adapt': z
    .object({
      id: documentId,
      network: network.unwrap().nullable(),
      kind: z.enum(['case-study', 'lessons-learned']),
      title: text(200),
      city: city.unwrap().optional(),
      language: language.unwrap().default('en'),
    })
    .strict(),
  /**
   * The cities that adapted the document, each with where the adaptation is and, when this device
   * holds it, its title; and whether this device holds the document it adapts, if any, to open it.
   */
  'documents.adaptedBy': z.object({ id: documentId }).strict(),
  /** Where the document stands in its network's review, and whether it changed since the version published. */
  'documents.review': z.object({ id: documentId }).strict(),
  /** The document's comment threads, and who the user is in them (comments.ts in services). */
  'comments.list': z.object({ id: documentId }).strict(),
  /**
   * Adds a comment event, written as the user's invite names them: a comment (with its anchor and
   * quote), a reply, or a resolve, reopen, delete or reanchor of a thread, which only its author or a
   * facilitator may make.
   */
  'comments.add': z
    .object({
      id: documentId,
      kind: z.enum(COMMENT_KINDS),
      thread: z.string().regex(EVENT_ID).optional(),
      anchor: z
        .object({ start: z.string().max(MAX_ANCHOR_CHARS), end: z.string().max(MAX_ANCHOR_CHARS) })
        .strict()
        .optional(),
      quote: z.string().max(MAX_QUOTE_CHARS).optional(),
      body: text(MAX_COMMENT_CHARS).optional(),
    })
    .strict(),
  /** Sets meta fields; null clears an optional one. */
  'documents.setMeta': z.object({ id: documentId, patch: metaPatch }).strict(),
  'networks.list': none,
  /** A joined network's collections, featured documents and topics (curation.ts). */
  'networks.curation': z.object({ network: networkIdSchema }).strict(),
  /** A facilitator changes the network's curation, one step at a time (CurationChange, src/main/services/curation.ts). */
  'networks.curate': z
    .object({
      network: networkIdSchema,
      change: z.union([
        z.object({ newCollection: collectionSchema.omit({ id: true }) }).strict(),
        z.object({ deleteCollection: collectionSchema.shape.id }).strict(),
        z.object({ include: z.object({ collection: collectionSchema.shape.id, document: documentId }).strict() }).strict(),
        z.object({ exclude: z.object({ collection: collectionSchema.shape.id, document: documentId }).strict() }).strict(),
        z.object({ feature: documentId }).strict(),
        z.object({ unfeature: documentId }).strict(),
        z.object({ topics: topicsSchema }).strict(),
      ]),
    })
    .strict(),
  /** A joined network's figures (networkStats.ts), from what this device holds; what is new is since `networks.lookedAtStats`. */
  'networks.stats': z.object({ network: networkIdSchema }).strict(),
  /** The user has seen the network's figures as they are now. */
  'networks.lookedAtStats': z.object({ network: networkIdSchema }).strict(),
  'networks.join': z.object({ relayUrl: text(2000), token: text(4000) }).strict(),
  /**
   * A facilitator of the document's network starts a workshop on it (docs/SYNC.md, Workshops), with
   * the network's invite, at its relay, for `minutes`.
   */
  'workshops.start': z.object({ id: documentId, minutes: z.number().int().min(1).max(MAX_WORKSHOP_MINUTES).default(DEFAULT_WORKSHOP_MINUTES) }).strict(),
  /** The workshop started on this device on the document, while it runs: its view can be shown again. */
  'workshops.running': z.object({ id: documentId }).strict(),
  /** Who joined a workshop the user started, and whether it still runs. */
  'workshops.status': z.object(workshopOf).strict(),
  /** Ends a workshop early: every participant's connection closes, and the code stops working. */
  'workshops.end': z.object(workshopOf).strict(),
  /** Removes one participant (`guest`, their id in the status) from a workshop. */
  'workshops.remove': z.object({ ...workshopOf, guest: text(200) }).strict(),
  /** Joins a workshop with its code (tried at the relays of the networks joined) or its link. */
  'workshops.join': z.object({ input: text(2000) }).strict(),
  'networks.leave': z.object({ id: networkIdSchema, removeDocuments: z.boolean().default(false) }).strict(),
  'settings.get': none,
  'settings.setProfile': profileSchema.strict(),
  /** The window's language, chosen in Profile. */
  'settings.setLanguage': z.object({ language: languageSchema }).strict(),
  'settings.tokenStorage': none,
  /** Whether the user agrees to invites being saved unencrypted where this computer cannot encrypt them. */
  'settings.allowPlainTokens': z.object({ allow: z.boolean() }).strict(),
  /** A screen failed to render (the renderer's error boundary): written to the log file. */
  'app.logRenderError': z.object({ message: z.string().max(2000), stack: z.string().max(20_000) }).strict(),
  /** The notices still current (see Notice), for a renderer that starts after they were told. */
  'app.notices': none,
  /** The user dismissed a notice: no renderer is given it again. */
  'app.dismissNotice': z.object({ type: z.enum(['sync-error', 'save-error', 'workshop-ended']), id: documentId }).strict(),
  /**
   * An image the user added (pasted, dropped, inserted), as the renderer resized it: checked by its
   * content (checkImage.ts) and stored in the library under its SHA-256, which the image node names.
   */
  'blobs.put': z.object({ bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'must be the bytes of an image' }) }).strict(),
  /** A stored image's bytes, or null while this device does not have it (blobs-arrived tells when it does). */
  'blobs.get': z.object({ hash: z.string().regex(BLOB_HASH, { error: 'must be an image’s SHA-256: 64 hexadecimal digits' }) }).strict(),
} as const

export type Channel = keyof typeof REQUESTS
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C]>

/** A document as the library lists it, with where it stands with its network. */
export interface DocumentRow {
  id: string
  meta: DocumentMeta
  trashedAt?: string
  sync: SyncState
  /**
   * Where the document stands: for one of a joined network, what its catalog and its submission say
   * (`review`, workflow.ts), never its own meta; for a private one, its meta's status.
   */
  status: DocumentStatus
  review?: Review
  /** It changed since the user last had it open on this device (LookedRecord). */
  changed: boolean
  /** How many of its comment threads are open (CommentCounts). */
  openComments: number
}

/** A document's comments, and who the user is in them: resolving a thread is for its author or a facilitator. */
export interface CommentsView {
  threads: CommentThread[]
  /** `mayComment` is false in a document of a network this device left: its comments can be read, not added to. */
  you: { name: string; city?: string; role: Role; mayComment: boolean }
}

export interface NetworkStatus {
  id: string
  /** Its display name, signed into its invite: shown instead of the id, which is shown when there is none. */
  title?: string
  relayUrl: string
  role: JoinedNetwork['role']
  online: boolean
  /** Who is online in the network now (this device's user too), as their invites name them. */
  members: Member[]
  /** Why the relay no longer admits this device, once it has refused the invite for good. */
  refused?: string
  /** While more than one of the network's documents is to sync (joining it, say): how far that is. */
  progress?: SyncProgress
  /** Joined with a workshop's code: the network is its one document, until the workshop ends. */
  workshop?: JoinedWorkshop
}

/** A workshop as its facilitator sees it: the relay's summary, and the link to its guest page. */
export interface WorkshopView extends WorkshopSummary {
  link: string
}

/** What joining a workshop answers: the document to open, and whether it is in the library yet. */
export interface JoinedWorkshopAnswer {
  network: string
  document: string
  /** False when the user belongs to the network with an invite: the network's own sync brings the document. */
  workshop: boolean
  arrived: boolean
}

/**
 * Where a report is: reading its documents (`done` of `total`), printing its pages, printing them
 * again with the contents numbered (a PDF), or writing the Word file.
 */
export interface ReportProgress {
  step: 'reading' | 'printing' | 'numbering' | 'writing'
  done: number
  total: number
}

/** Of the documents a network had to sync since it last had none, how many are synced. */
export interface SyncProgress {
  synced: number
  total: number
}

/**
 * How this device keeps invite tokens, which admit anyone who holds them to a network:
 * - `encrypted` by the operating system's keychain (the desktop app);
 * - `file`: in settings.json, which only this user may read (the browser shell);
 * - `memory`: only until the app quits, as it cannot encrypt them and the user has not agreed to more;
 * - `plain`: unencrypted in the app's settings, which only this user may read, as the user agreed.
 * `why` says why they are not encrypted: the computer offers no keychain at all, or (Linux) only
 * Chromium's `basic_text` store, which obscures rather than encrypts.
 */
export interface TokenStorage {
  kept: 'encrypted' | 'file' | 'memory' | 'plain'
  why?: 'no-keychain' | 'basic-text'
}

/** How many of the library's documents (not in the trash) the search index holds; while indexed < total, say "still indexing k of n". */
export interface SearchProgress {
  indexed: number
  total: number
}

/** Where a hit matched: a short plain-text passage of the body, and the [start, end) UTF-16 ranges of search words in it. */
export interface Passage {
  text: string
  marks: Array<[number, number]>
}

export interface SearchHit extends DocumentRow {
  passage: Passage | null
}

/** A city's adaptation of a document, as "Adapted by" lists it. */
export interface Adaptation {
  /** The adaptation's id, and where it lives ('' for a private document of this device). */
  id: string
  network: string
  /** '' when the invite it was told with names no city. */
  city: string
  /** Only when this device holds the adaptation, which can then be opened. */
  title?: string
}

export interface Responses {
  'library.list': DocumentRow[]
  'library.search': { hits: SearchHit[]; progress: SearchProgress }
  'library.searchProgress': SearchProgress
  'library.create': DocumentRow
  'library.trash': null
  'library.restore': null
  'library.versions': VersionInfo[]
  'library.saveVersion': VersionInfo
  'library.version': { body: JSONContent; current: JSONContent }
  /** The version saved before the restore. */
  'library.restoreVersion': VersionInfo
  'library.prepareImport': null
  /** The file (as documents.export answers), or null if the report was cancelled. */
  'library.report': { name: string; bytes: Uint8Array } | null
  'library.cancelReport': null
  /** The new document, and what could not be kept exactly. */
  'library.import': { row: DocumentRow; warnings: ImportWarning[] }
  'documents.open': DocumentRow
  'documents.close': null
  /**
   * The file's bytes, and the name to offer it under (exportFileName). The renderer saves it as a
   * download: the browser, or Electron's save dialog (which asks before replacing a file), chooses where.
   * Markdown whose document holds images is a .zip of the Markdown file and its images folder.
   */
  'documents.export': {
    name: string
    bytes: Uint8Array
    /** The kinds of content a newer Casebook wrote that this one cannot show, left out of the file as the editor leaves them out. */
    leftOut: string[]
    /** How many of its images have not reached this device yet: each stands as its alt text in the file. */
    missingImages: number
  }
  'documents.setMeta': DocumentRow
  'documents.submit': DocumentRow
  'documents.decide': DocumentRow
  'documents.review': { review?: Review; editedSincePublished: boolean }
  'documents.adapt': DocumentRow
  'documents.adaptedBy': { adaptedBy: Adaptation[]; sourceHeld: boolean }
  'comments.list': CommentsView
  'comments.add': CommentsView
  'networks.list': NetworkStatus[]
  'networks.curation': Curation
  'networks.stats': NetworkStats
  'networks.lookedAtStats': null
  'networks.curate': Curation
  'networks.join': NetworkStatus
  'networks.leave': null
  'workshops.start': WorkshopView
  'workshops.running': { network: string; code: string; endsAt: number; link: string } | null
  'workshops.status': WorkshopView
  'workshops.end': WorkshopView
  'workshops.remove': WorkshopView
  'workshops.join': JoinedWorkshopAnswer
  /** `language` is absent until the user chooses one: the window follows the system. */
  'settings.get': { profile: Profile | null; language?: Language }
  'settings.setProfile': { profile: Profile }
  'settings.setLanguage': { language: Language }
  'settings.tokenStorage': TokenStorage
  'settings.allowPlainTokens': TokenStorage
  'app.logRenderError': null
  'app.notices': Notice[]
  'app.dismissNotice': null
  'blobs.put': StoredImage
  'blobs.get': { bytes: Uint8Array } | null
}

/** An image as the library stored it: the hash the document names it by, and what its header says it is. */
export interface StoredImage extends CheckedImage {
  hash: string
}

/** A place of the library: its documents, or the trash. */
export type LibraryPlace = 'documents' | 'trash'

/** How one place's list changed: rows that entered it or changed in it, and the ids of rows that left it. */
export interface PlaceChange {
  upserted: DocumentRow[]
  removed: string[]
}

/** What the back end tells every renderer, unasked. */
export type BackendEvent =
  /**
   * Documents were created, adopted from a network, trashed, restored or had their meta changed: each
   * place's change, which the renderer applies to the list it holds (`library.list` is asked once).
   */
  | { type: 'library-changed'; changes: Record<LibraryPlace, PlaceChange> }
  /** How far the search index is while it is rebuilt: at most about four a second, and once when it ends. */
  | { type: 'search-progress'; progress: SearchProgress }
  | { type: 'sync-state'; id: string; state: SyncState }
  | { type: 'network'; status: NetworkStatus }
  /**
   * A document could not be synced with its network, in the background or over its live connection
   * (`title` unless it is not on this device yet); the details are in the log. It stays on this
   * device as it is.
   */
  | ({ type: 'sync-error'; id: string; network: string; title?: string } & ErrorReply)
  /**
   * A change to a document could not be written to disk; nothing more of it is saved until it is
   * opened again. The details are in the log.
   */
  | ({ type: 'save-error'; id: string; title?: string } & ErrorReply)
  /** How far the report this window asked for is (library.report): sent to that window only. */
  | ({ type: 'report-progress' } & ReportProgress)
  /** A network's collections, featured documents or topics changed, here or by a sync. */
  | { type: 'curation-changed'; network: string }
  /** What a network's adaptations room tells (adaptationReferences.ts) changed, here or by a sync. */
  | { type: 'adaptations-changed'; network: string }
  /** Versions were added to a document's history, on this device or by a sync. */
  | { type: 'history-changed'; id: string }
  /** Comments were added to a document, on this device or by a sync. */
  | { type: 'comments-changed'; id: string }
  /**
   * A workshop joined with its code is over for this device (`why`: it ended, or the facilitator
   * removed the user): the network is no longer joined, and its document (`id`) stays in the library
   * as a copy that no longer syncs.
   */
  | { type: 'workshop-ended'; id: string; network: string; title?: string; why: 'ended' | 'removed' }
  /** Images this device did not have arrived from a network: an image shown as still downloading can be shown now. */
  | { type: 'blobs-arrived'; hashes: string[] }
  /** A message the renderer sent for a document could not be used; the renderer should reopen it. */
  | ({ type: 'document-error'; id: string } & ErrorReply)

/**
 * A problem the user should hear of (or a workshop's end), shown until dismissed (or, for a sync
 * error, until the document syncs); the back end keeps the current ones for renderers that start later.
 */
export type Notice = Extract<BackendEvent, { type: 'sync-error' | 'save-error' | 'workshop-ended' }>

/** A failed request, as it crosses the contract: with its reason and params, the renderer says it in the user's language. */
export interface ErrorReply extends ErrorDetail {
  code: ErrorCode
  message: string
}

/** What the renderer sees as `window.casebook`, whichever shell carries it. */
export interface CasebookApi {
  request<C extends Channel>(channel: C, input: RequestOf<C>): Promise<Responses[C]>
  onEvent(listener: (event: BackendEvent) => void): () => void
  /** The y-protocols messages of open documents (shellFrames.ts), both ways. */
  sendDocumentMessage(id: string, message: Uint8Array): void
  onDocumentMessage(listener: (id: string, message: Uint8Array) => void): () => void
}

/** The error a failed request throws on the renderer's side, as the back end had it. */
export function errorFromReply({ code, message, reason, params }: ErrorReply): CasebookError {
  return new CasebookError(code, message, { ...(reason ? { reason } : {}), ...(params ? { params } : {}) })
}

export type Reply<C extends Channel> = { ok: true; value: Responses[C] } | { ok: false; error: ErrorReply }

/**
 * What the desktop app's preload exposes as `window.casebook`: the API, with requests answering a
 * Reply instead of throwing, because an error thrown across Electron's context bridge keeps only its
 * message, not its code. The renderer turns it into a CasebookApi (src/renderer/bridgeApi.ts).
 */
export interface CasebookBridge extends Omit<CasebookApi, 'request'> {
  request<C extends Channel>(channel: C, input: RequestOf<C>): Promise<Reply<C>>
}
