import type { NetworkStatus } from '../../shared/ipc/contract.js'

/**
 * Whether a document may be shared in the network: the invite must let the user write, and a
 * workshop joined with its code admits its one document and no other.
 */
export function takesDocuments(network: NetworkStatus): boolean {
  return network.role !== 'viewer' && !network.workshop
}
