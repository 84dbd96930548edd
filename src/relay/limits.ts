import { MAX_IMAGE_BYTES } from '../shared/model/checkImage.js'

/**
 * What one member, one token or one address may take of the relay; each is a `casebook relay` flag.
 * docs/PROTOCOL.md (Limits) says why each default is what it is.
 */
export interface RelayLimits {
  /** The largest frame accepted. */
  maxMessageBytes: number
  /** The most items (structs, JSON and Any values, deleted ranges; see countItems) one update may hold. */
  maxUpdateItems: number
  /** The most steps of Yjs's conflict scan (see scanCost) applying one update, or one slice of a large one, may take. */
  maxUpdateScan: number
  /** The most a document may hold stored: its snapshot plus the updates stored since. */
  maxDocumentBytes: number
  /** Open connections (documents and feeds) of one invite token, over all its devices. */
  maxConnectionsPerToken: number
  /** Open connections from one network address. */
  maxConnectionsPerAddress: number
  /** Documents one token has open at once. */
  maxDocumentsPerToken: number
  /** Documents with nothing stored yet that one token may open in a minute. */
  newDocumentsPerMinute: number
  /** Failed token checks one address may make in a minute before its further failures are refused as throttled (4534). */
  failedTokensPerMinute: number
  /** How long a connection may take to finish its TLS handshake, and a request to send its headers (and a WebSocket upgrade to finish). */
  requestTimeoutMs: number
  /** The most people one workshop admits (its guests not removed). */
  workshopCapacity: number
  /** Workshop codes one address may exchange in a minute, whatever the outcome. */
  workshopJoinsPerMinute: number
  /** Failed workshop code exchanges (an unknown or malformed code, an ended workshop) one address may make in a minute. */
  workshopFailuresPerMinute: number
  /** The largest blob (an image) a PUT /blobs/… may store. */
  maxBlobBytes: number
  /** The most bytes of blobs one network may hold on the relay. */
  blobQuotaBytes: number
}

export const DEFAULT_LIMITS: Readonly<RelayLimits> = {
  maxMessageBytes: 2 << 20,
  maxUpdateItems: 100_000,
  maxUpdateScan: 100_000,
  maxDocumentBytes: 32 << 20,
  maxConnectionsPerToken: 64,
  maxConnectionsPerAddress: 256,
  maxDocumentsPerToken: 48,
  newDocumentsPerMinute: 60,
  failedTokensPerMinute: 10,
  requestTimeoutMs: 10_000,
  workshopCapacity: 200,
  workshopJoinsPerMinute: 120,
  workshopFailuresPerMinute: 10,
  maxBlobBytes: MAX_IMAGE_BYTES,
  blobQuotaBytes: 2 * 1024 ** 3,
}
