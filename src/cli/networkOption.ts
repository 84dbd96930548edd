import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'

/** The value of an option that names a network, or the usage error every command gives for one that cannot be a network id. */
export function networkOption(value: string, option = '--network'): string {
  if (!isNetworkId(value)) throw new CasebookError('USAGE', `${option} must be a network id made of lowercase letters, digits and dashes, not "${value}".`)
  return value
}
