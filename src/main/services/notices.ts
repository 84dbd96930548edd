import type { BackendEvent, Notice } from '../../shared/ipc/contract.js'

/**
 * The notices current for the user, kept from the events that make and clear them, so that a
 * renderer that starts (or reloads) after a failure still shows it: one per document and kind, until
 * dismissed, or, for a sync error, until the document syncs.
 */
export class Notices {
  private readonly current = new Map<string, Notice>()

  /** Follows one event told to the renderers. */
  follow(event: BackendEvent): void {
    if (event.type === 'sync-error' || event.type === 'save-error' || event.type === 'workshop-ended') this.current.set(keyOf(event.type, event.id), event)
    else if (event.type === 'sync-state' && (event.state === 'synced' || event.state === 'saved')) this.current.delete(keyOf('sync-error', event.id))
  }

  list(): Notice[] {
    return [...this.current.values()]
  }

  dismiss(type: Notice['type'], id: string): void {
    this.current.delete(keyOf(type, id))
  }
}

function keyOf(type: Notice['type'], id: string): string {
  return `${type} ${id}`
}
