/** Network ids appear in relay room paths (`/<network>/<doc>`), so they are kept URL-safe. */
export const NETWORK_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

export function isNetworkId(value: unknown): value is string {
  return typeof value === 'string' && NETWORK_ID.test(value)
}
