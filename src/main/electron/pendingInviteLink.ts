/**
 * The invite link the OS handed the app, on its way to the window's page: sent at once while the page
 * is loaded, else kept until it is (a link that starts the app, or that comes while the window is
 * closed on macOS or reloading). The page holds one link at a time, so a later one replaces one kept.
 */
export class PendingInviteLink {
  private kept: string | null = null
  private send: ((link: string) => void) | null = null

  receive(link: string): void {
    if (this.send) this.send(link)
    else this.kept = link
  }

  /** The page has loaded: it gets the link kept, and every later one, through `send`. */
  loaded(send: (link: string) => void): void {
    this.send = send
    const kept = this.kept
    this.kept = null
    if (kept !== null) send(kept)
  }

  /** The page is gone, or loading again: links are kept until it has loaded. */
  unloaded(): void {
    this.send = null
  }
}
