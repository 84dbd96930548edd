/** The largest presence state (its JSON, in bytes) the relay accepts. */
export const MAX_PRESENCE_BYTES = 4096

/**
 * The most awareness client ids one connection may hold at once. A page holds one; the app's one
 * connection per document carries its editor's, and a reloaded editor's new id sits beside the old
 * one until that is withdrawn or times out.
 */
export const MAX_PRESENCES_PER_CONNECTION = 8

/**
 * The most distinct awareness client ids one connection may set over its life: the relay keeps each
 * one's clock until the connection closes. An editor takes a new id each time it is opened, so the
 * app's connection for a document reopened many times can reach it; it is closed with a code clients
 * reconnect after, and starts afresh.
 */
export const MAX_PRESENCE_IDS_PER_CONNECTION = 32
