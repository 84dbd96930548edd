import { isNetworkId } from '../model/networkId.js'

/** Document ids in room addresses: Casebook's own are hex, but any stock client's name of this shape is accepted. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,128}$/

export interface Room {
  network: string
  document: string
}

/** Reads `/<network>/<document>` (with or without a query string); null when it is not one. */
export function parseRoomPath(path: string): Room | null {
  const match = /^\/([^/?]+)\/([^/?]+)(?:\?.*)?$/.exec(path)
  if (!match) return null
  const [, network = '', document = ''] = match
  return isNetworkId(network) && isRoomDocumentId(document) ? { network, document } : null
}

/** Whether a room could have this document id. */
export function isRoomDocumentId(document: string): boolean {
  return DOCUMENT_ID.test(document)
}

/** What a document's version history room is named after: `<document id>-versions`. */
const HISTORY_SUFFIX = '-versions'
/** What a document's comments room is named after: `<document id>-comments`. */
const COMMENTS_SUFFIX = '-comments'

/** The room holding a document's version history, which can only be added to (the relay refuses any deletion). */
export function historyRoomOf(document: string): string {
  return `${document}${HISTORY_SUFFIX}`
}

export function isHistoryRoom(document: string): boolean {
  return document.endsWith(HISTORY_SUFFIX)
}

/** The document whose history room this is, or null if it is no history room. */
export function historyDocumentOf(room: string): string | null {
  return documentBefore(room, HISTORY_SUFFIX)
}

/** The room holding a document's comments (commentEvents.ts), which takes only new events, from any role. */
export function commentsRoomOf(document: string): string {
  return `${document}${COMMENTS_SUFFIX}`
}

export function isCommentsRoom(document: string): boolean {
  return document.endsWith(COMMENTS_SUFFIX)
}

/** The document whose comments room this is, or null if it is no comments room. */
export function commentsDocumentOf(room: string): string | null {
  return documentBefore(room, COMMENTS_SUFFIX)
}

function documentBefore(room: string, suffix: string): string | null {
  return room.endsWith(suffix) ? room.slice(0, -suffix.length) : null
}

export function roomName({ network, document }: Room): string {
  return `${network}/${document}`
}

/** Reads `/<network>`, the address of a network's feed of changed documents; null when it is not one. */
export function parseFeedPath(path: string): string | null {
  const match = /^\/([^/?]+)(?:\?.*)?$/.exec(path)
  return match?.[1] && isNetworkId(match[1]) ? match[1] : null
}

/** The network and document of a room name made by roomName. */
export function parseRoomName(name: string): Room {
  const slash = name.indexOf('/')
  return { network: name.slice(0, slash), document: name.slice(slash + 1) }
}
