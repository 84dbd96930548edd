import type { IncomingHttpHeaders } from 'node:http'
import { request } from 'node:http'
import { readWorkshopError, type WorkshopSummary, type WorkshopTicket } from '../../src/shared/protocol/workshops.js'
import { eventually, type useClients } from './clients.js'
import type { RelayProcess } from './relay.js'

export interface Answer<Body = unknown> {
  status: number
  headers: Headers
  body: Body
}

/** A workshop route's answer: its status, headers and JSON body. */
export async function callRelay<Body = unknown>(
  relay: RelayProcess,
  path: string,
  { method = 'POST', body, token, headers = {} }: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer<Body>> {
  const response = await fetch(`${relay.http}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body }
}

/** The reason of a refusal's body. */
export function reasonOf(answer: Answer): string | undefined {
  return readWorkshopError(answer.body).reason
}

/**
 * Writes `text` into a document of the relay as a facilitator of its network, waits until the relay
 * has stored it, and returns the facilitator's invite.
 */
export async function storedDocument(relay: RelayProcess, clients: ReturnType<typeof useClients>, room: string, text = 'Notes'): Promise<string> {
  const facilitator = await relay.invite(room.split('/')[0]!, 'facilitator', { name: 'Fatima' })
  const client = clients.connect(relay.url, room, facilitator, { ack: true })
  await client.synced()
  client.doc.getText('t').insert(0, text)
  await eventually(() => client.stored.some((count) => count >= 2), `${room} is stored`)
  return facilitator
}

/** Starts a workshop on a document the relay holds, with a facilitator's invite. */
export async function startWorkshop(relay: RelayProcess, facilitator: string, document: string, minutes?: number): Promise<WorkshopSummary> {
  const answer = await callRelay<WorkshopSummary>(relay, '/workshops', { token: facilitator, body: { document, ...(minutes ? { minutes } : {}) } })
  if (answer.status !== 201) throw new Error(`the relay refused to start a workshop: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Joins a workshop by its code; `from` is the X-Forwarded-For address a relay with --trust-proxy counts it under. */
export function joinWorkshop(relay: RelayProcess, code: string, name = 'Ana', from?: string): Promise<Answer<WorkshopTicket>> {
  return callRelay<WorkshopTicket>(relay, `/w/${code}/join`, { body: { name }, headers: from ? { 'x-forwarded-for': from } : {} })
}

/** Joins a workshop and returns the session token, noted as issued so that the relay's logs are checked for it. */
export async function guestToken(relay: RelayProcess, issued: (token: string) => string, code: string, name = 'Ana'): Promise<string> {
  const answer = await joinWorkshop(relay, code, name)
  if (answer.status !== 200) throw new Error(`the relay refused a guest: ${answer.status} ${JSON.stringify(answer.body)}`)
  return issued(answer.body.token)
}

/** A GET with the path sent as it is (fetch would resolve its dots), and any headers, Host included. */
export function rawGet(
  relay: RelayProcess,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port: relay.port, path, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    sent.on('error', reject)
    sent.end()
  })
}
