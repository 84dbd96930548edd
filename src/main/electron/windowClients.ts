import { errorReply } from '../services/errorReply.js'
import type { Client, Peer, Services } from '../services/services.js'

/**
 * The desktop app's windows as clients of the services, one each, made on a window's first message.
 * The services may still be starting when a window asks (main.ts opens the window meanwhile): its
 * requests and document messages wait for them, in the order they came, and if the services could
 * not start, each request is answered with why, which the window shows.
 */
export class WindowClients {
  private readonly clients = new Map<number, Promise<Client>>()

  constructor(private readonly services: Promise<Pick<Services, 'connect'>>) {}

  request(window: number, peer: () => Peer, channel: string, input: unknown): ReturnType<Client['request']> {
    return this.clientOf(window, peer).then(
      (client) => client.request(channel, input),
      (error: unknown) => ({ ok: false, error: errorReply(error) }),
    )
  }

  documentMessage(window: number, peer: () => Peer, id: string, message: Uint8Array): void {
    void this.clientOf(window, peer).then(
      (client) => client.documentMessage(id, message),
      () => {},
    )
  }

  /** The window is gone: its client closes the documents it had open. */
  closed(window: number): void {
    const client = this.clients.get(window)
    this.clients.delete(window)
    void client?.then(
      (connected) => connected.close(),
      () => {},
    )
  }

  private clientOf(window: number, peer: () => Peer): Promise<Client> {
    let client = this.clients.get(window)
    if (!client) {
      const made = peer()
      client = this.services.then((services) => services.connect(made))
      this.clients.set(window, client)
    }
    return client
  }
}
