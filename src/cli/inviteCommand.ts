import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { EXPIRY, ROLES, type Role } from '../shared/protocol/invite.js'
import { inviteLink, invitePageLink } from '../shared/protocol/inviteLink.js'
import type { Command } from './command.js'
import { terminalQr } from './terminalQr.js'

export const inviteCommand: Command = {
  name: 'invite',
  usage:
    '--network ID [--network-name NAME] --role viewer|member|facilitator --name NAME [--city CITY] [--expires 90d] [--relay-url wss://… [--qr]] [--relay-data DIR] [--json]',
  summary:
    "Print a signed invite token that admits its holder to one network of a relay; with --relay-url, first the invite link that holds both the relay's address and the token, which the networks screen takes whole, and the same as a link to the relay's invite page, which opens it in the app.",
  options: {
    network: { type: 'string', value: 'ID', description: 'the network it admits to' },
    'network-name': { type: 'string', value: 'NAME', description: "the network's display name, which the app shows instead of its id" },
    role: { type: 'string', value: 'ROLE', description: `${ROLES.join(', ')}` },
    name: { type: 'string', value: 'NAME', description: "the holder's name" },
    city: { type: 'string', value: 'CITY', description: "the holder's city" },
    expires: { type: 'string', value: 'TIME', description: 'how long it is valid, such as 30d, 12h or 1y (90d)' },
    'relay-url': { type: 'string', value: 'URL', description: "the relay's address as members reach it, such as wss://relay.example.org" },
    qr: { type: 'boolean', description: 'with --relay-url, print the link as a QR code too, for a phone or another screen' },
    'relay-data': { type: 'string', value: 'DIR', description: "the relay's data directory, where its secret is (./relay-data)" },
    json: { type: 'boolean', description: 'print { token, id, network, networkName, role, name, city, expires, link, pageLink } as JSON' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const network = context.required('network')
    if (!isNetworkId(network))
      throw new CasebookError('USAGE', `--network must be a network id made of lowercase letters, digits and dashes, not "${network}".`)
    const title = context.option('network-name')?.trim()
    // Control characters would garble every list the app shows it in.
    if (title !== undefined && (!title || title.length > 100 || /\p{Cc}/u.test(title)))
      throw new CasebookError('USAGE', `--network-name must be 1 to 100 characters on one line, not ${JSON.stringify(title)}.`)
    const role = context.required('role')
    if (!(ROLES as readonly string[]).includes(role)) throw new CasebookError('USAGE', `--role must be one of ${ROLES.join(', ')}, not "${role}".`)
    const name = context.required('name').trim()
    const city = context.option('city')?.trim()
    if (!name || name.length > 100 || (city !== undefined && (!city || city.length > 100)))
      throw new CasebookError('USAGE', '--name and --city must be 1 to 100 characters.')
    const relayUrl = context.option('relay-url')
    if (context.flag('qr') && relayUrl === undefined) throw new CasebookError('USAGE', '--qr draws the invite link, which needs --relay-url.')
    // Checked as the app will check it on joining, so that no link is given out that the app refuses.
    const relayAddress = relayUrl === undefined ? undefined : (await import('../main/sync/checkInvite.js')).checkRelayAddress(relayUrl)
    const expiresIn = context.option('expires') ?? '90d'
    if (!EXPIRY.test(expiresIn)) throw new CasebookError('USAGE', `--expires must be a number and a unit (m, h, d, w or y), such as 90d, not "${expiresIn}".`)
    const relayData = resolve(context.option('relay-data') ?? 'relay-data')
    if (!process.env['CASEBOOK_RELAY_SECRET'] && !existsSync(relayData)) {
      throw new CasebookError(
        'USAGE',
        `There is no relay data in ${relayData}: start the relay once with casebook relay --data ${relayData}, or give --relay-data.`,
      )
    }
    const [{ signInvite }, { loadSecret }] = await Promise.all([import('../relay/invites.js'), import('../relay/secret.js')])
    const { token, claims } = await signInvite(loadSecret(relayData), { network, title, role: role as Role, name, city, expiresIn })
    const link = relayAddress === undefined ? undefined : inviteLink(relayAddress, token)
    const pageLink = relayAddress === undefined ? undefined : invitePageLink(relayAddress, token)
    if (context.flag('json')) {
      const expires = new Date(claims.exp * 1000).toISOString()
      const issued = { token, id: claims.jti, network, ...(title ? { networkName: title } : {}), role, name, ...(city ? { city } : {}), expires }
      return context.out(JSON.stringify({ ...issued, ...(link ? { link, pageLink } : {}) }, null, 2))
    }
    if (link === undefined) return context.out(token)
    context.out(link)
    context.out(pageLink!)
    context.out(token)
    if (context.flag('qr')) context.out(terminalQr(link))
  },
}
