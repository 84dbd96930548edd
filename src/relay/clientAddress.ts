import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/**
 * The address a request's connections, failed token checks and refusals are counted under. With
 * `trustProxy`, a request from loopback came through our reverse proxy, and the client is the last
 * entry of X-Forwarded-For: the one the proxy appended. Entries before it are whatever the client
 * itself sent, so they are never believed. An IPv6 address counts by its /64, which one host or
 * home network is usually given whole.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? ''
  const forwarded = trustProxy && isLoopback(peer) ? lastForwarded(request.headers['x-forwarded-for']) : null
  return countedAs(forwarded ?? peer)
}

function lastForwarded(header: string | string[] | undefined): string | null {
  // Node joins repeated X-Forwarded-For headers with commas, so the last entry is still the proxy's.
  const last = [header ?? []].flat().join(',').split(',').at(-1)?.trim() ?? ''
  return isIP(last) ? last : null
}

/** Whether a peer is on this computer: with `trustProxy`, the reverse proxy. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address)
}

function countedAs(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  return isIP(address) === 6 ? `${prefix64(address)}::/64` : address
}

/** The first four groups of an IPv6 address, zeros filled in where `::` stands for them. */
function prefix64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::')
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])))
  const written = groups(head)
  const all = tail === undefined ? written : [...written, ...Array<string>(8 - written.length - groups(tail).length).fill('0'), ...groups(tail)]
  return all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')
}
