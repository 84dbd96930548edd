import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Pool } from 'pg'
import type { Workshop } from '../relay/workshopStore.js'
import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { CATALOG_DOCUMENT } from '../shared/protocol/invite.js'
import { isCommentsRoom, isHistoryRoom, isRoomDocumentId, roomName } from '../shared/protocol/rooms.js'
import { DEFAULT_WORKSHOP_MINUTES, formatCode, MAX_WORKSHOP_MINUTES, workshopLink } from '../shared/protocol/workshops.js'
import type { Command, CommandContext } from './command.js'
import { shortDate } from './format.js'
import { positiveInteger } from './positiveInteger.js'
import { POSTGRES_OPTION, postgresOption } from './postgresOption.js'

/** Postgres's code for a table that does not exist. */
const UNDEFINED_TABLE = '42P01'

export const workshopCommand: Command = {
  name: 'workshop',
  usage: `start --network ID --document ID --public-url URL [--minutes ${DEFAULT_WORKSHOP_MINUTES}] [--relay-data DIR | --postgres URL] [--json]`,
  summary:
    "Start a workshop on a document of a relay's network (in its data or its Postgres), and print its code and link, which admit people to that document alone.",
  options: {
    network: { type: 'string', value: 'ID', description: 'the network of the document' },
    document: { type: 'string', value: 'ID', description: 'the document, which the relay must hold' },
    minutes: { type: 'string', value: 'N', description: `how long the workshop lasts, 1 to ${MAX_WORKSHOP_MINUTES} minutes (${DEFAULT_WORKSHOP_MINUTES})` },
    'public-url': { type: 'string', value: 'URL', description: 'the address people reach the relay at, such as https://relay.example.org' },
    'relay-data': { type: 'string', value: 'DIR', description: "the relay's data directory (./relay-data)" },
    postgres: POSTGRES_OPTION,
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
    const postgres = postgresOption(context)
    if (postgres) return printWorkshop(context, await startInPostgres(postgres, network, document, minutes), publicUrl)
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
    printWorkshop(context, workshop, publicUrl)
  },
}

function printWorkshop(context: CommandContext, workshop: Workshop, publicUrl: string): void {
  const link = workshopLink(publicUrl, workshop.code)
  const iso = (time: number) => new Date(time).toISOString()
  const { code, network, document, startedAt, endsAt } = workshop
  context.out(
    context.flag('json')
      ? JSON.stringify({ code: formatCode(code), link, network, document, startedAt: iso(startedAt), endsAt: iso(endsAt) }, null, 2)
      : `${formatCode(code)}\n${link}\nEnds at ${shortDate(iso(endsAt))}.`,
  )
}

/** Starts the workshop where a relay of several processes keeps them, if the document is there. */
async function startInPostgres(url: string, network: string, document: string, minutes: number): Promise<Workshop> {
  const [{ openPostgres }, { PgWorkshops }] = await Promise.all([import('../relay/postgres/openPostgres.js'), import('../relay/postgres/PgWorkshops.js')])
  const pool = await openPostgres(url)
  try {
    if (!(await storedInPostgres(pool, roomName({ network, document }))))
      throw new CasebookError('USAGE', `Network ${network} has no document ${document} on this relay.`)
    const startedAt = Date.now()
    return await (await PgWorkshops.open(pool)).start({ network, document, startedBy: 'command line', startedAt, endsAt: startedAt + minutes * 60_000 })
  } finally {
    await pool.end()
  }
}

/** Whether the relay's Postgres holds the document; none does before a relay has made its tables. */
async function storedInPostgres(pool: Pool, room: string): Promise<boolean> {
  try {
    return (await pool.query('select 1 from snapshots where room = $1 union all select 1 from updates where room = $1 limit 1', [room])).rowCount === 1
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return false
    throw error
  }
}
