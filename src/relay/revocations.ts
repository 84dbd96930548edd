/** The invite tokens revoked by `casebook revoke` (or a workshop's removal of a guest), by id. */
export interface Revocations {
  revoke(tokenId: string): Promise<void>
  isRevoked(tokenId: string): Promise<boolean>
  /**
   * The token ids revoked after `cursor` (0 for all), oldest first, and the cursor to ask from next;
   * the relay polls this twice a second, whichever process revoked them.
   */
  revokedAfter(cursor: number): Promise<{ cursor: number; tokenIds: string[] }>
  /** Calls `then` as soon as any process announces a revocation (Postgres's NOTIFY); SQLite never does: the poll finds them. */
  onRevoked(then: () => void): void
}
