/**
 * Where a document stands with its network:
 * - local-only: not synced since its last local change, or of no joined network;
 * - connecting: a connection is being made;
 * - synced: the handshake is done, both sides have what the other had;
 * - saved: besides, the relay has stored every local change (its `stored` acknowledgement).
 */
export type SyncState = 'local-only' | 'connecting' | 'synced' | 'saved'
