import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Workshop } from '../relay/workshopStore.js'
import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { CATALOG_DOCUMENT } from '../shared/protocol/invite.js'
import { isCommentsRoom, isHistoryRoom, isRoomDocumentId, roomName } from '../shared/protocol/rooms.js'
import { DEFAULT_WORKSHOP_MINUTES, formatCode, MAX_WORKSHOP_MINUTES, workshopLink } from '../shared/protocol/workshops.js'
import type { Command } from './command.js'
import { shortDate } from './format.js'
import { positiveInteger } from './positiveInteger.js'

export const workshopCommand: Command = {
  name: 'workshop',
  usage: `start --network ID --document ID --public-url URL [--minutes ${DEFAULT_WORKSHOP_MINUTES}] [--relay-data DIR] [--json]`,
  summary: "Start a workshop on a document of a relay's network, and print its code and link, which admit people to that document alone.",
  options: {
    network: { type: 'string', value: 'ID', description: 'the network of the document' },
    document: { type: 'string', value: 'ID', description: 'the document, which the relay must hold' },
    minutes: { type: 'string', value: 'N', description: `how long the workshop lasts, 1 to ${MAX_WORKSHOP_MINUTES} minutes (${DEFAULT_WORKSHOP_MINUTES})` },
    'public-url': { type: 'string', value: 'URL', description: 'the address people reach the relay at, such as https://relay.example.org' },
    'relay-data': { type: 'string', value: 'DIR', description: "the relay's data directory (./relay-data)" },
    json: { type: 'boolean', description: 'print { code, link, network, document, startedAt, endsAt } as JSON' },
  },
  positionals: { min: 1, max: 1, name: 'an action: start' },
  async run(context) {
    const action = context.positionals[0]
    if (action !== 'start') throw new CasebookError('USAGE', `workshop takes one action, start, not "${action}".`)
    const network = context.required('network')
    if (!isNetworkId(network))
      throw new CasebookError('USAGE', `--network must be a network id made of lowercase letters, digits and dashes, not "${network}".`)
    const document = context.required('document')
    if (!isRoomDocumentId(document) || document === CATALOG_DOCUMENT || isCommentsRoom(document) || isHistoryRoom(document))
      throw new CasebookError('USAGE', `--document must be the id of a document of the network, not "${document}".`)
    const minutes = positiveInteger(context.option('minutes') ?? String(DEFAULT_WORKSHOP_MINUTES), '--minutes', { max: MAX_WORKSHOP_MINUTES })
    const publicUrl = context.required('public-url')
    if (!/^(?:https?|wss?):\/\/[^/?#\s]+\/?$/i.test(publicUrl) || !URL.canParse(publicUrl))
      throw new CasebookError('USAGE', `--public-url must be the relay's address, such as https://relay.example.org, not "${publicUrl}".`)
    const relayData = resolve(context.option('relay-data') ?? 'relay-data')
    if (!existsSync(join(relayData, 'relay.sqlite'))) throw new CasebookError('USAGE', `There is no relay data in ${relayData}; give --relay-data.`)
    const { RelayStore } = await import('../relay/store.js')
    const store = new RelayStore(relayData)
    let workshop: Workshop
    try {
      if (!store.hasDocument(roomName({ network, document }))) throw new CasebookError('USAGE', `Network ${network} has no document ${document} on this relay.`)
      const startedAt = Date.now()
      workshop = await store.workshops.start({ network, document, startedBy: 'command line', startedAt, endsAt: startedAt + minutes * 60_000 })
    } finally {
      store.close()
    }
    const link = workshopLink(publicUrl, workshop.code)
    if (!context.flag('json')) return context.out(`${formatCode(workshop.code)}\n${link}\nEnds at ${shortDate(new Date(workshop.endsAt).toISOString())}.`)
    const iso = (time: number) => new Date(time).toISOString()
    context.out(
      JSON.stringify({ code: formatCode(workshop.code), link, network, document, startedAt: iso(workshop.startedAt), endsAt: iso(workshop.endsAt) }, null, 2),
    )
  },
}
