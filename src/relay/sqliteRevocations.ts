import type { RelayStore } from './store.js'
import type { Revocations } from './revocations.js'

/** The revoked tokens in the relay's SQLite database, where `casebook revoke` writes from its own process. */
export class SqliteRevocations implements Revocations {
  constructor(private readonly store: RelayStore) {}

  revoke(tokenId: string): Promise<void> {
    this.store.revoke(tokenId)
    return Promise.resolve()
  }

  isRevoked(tokenId: string): Promise<boolean> {
    return Promise.resolve(this.store.isRevoked(tokenId))
  }

  revokedAfter(cursor: number): Promise<{ cursor: number; tokenIds: string[] }> {
    const rows = this.store.revokedAfter(cursor)
    return Promise.resolve({ cursor: rows.at(-1)?.rowid ?? cursor, tokenIds: rows.map((row) => row.tokenId) })
  }

  /** Another process cannot tell this one: the relay's poll finds what it revoked. */
  onRevoked(): void {}
}
