import { describe, expect, it } from 'vitest'
import { RelayStore } from '../../../src/relay/store.js'
import { casebook, snapshotTree } from '../../helpers/cli.js'
import { useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { joinWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'
import { useTempDir } from '../../helpers/tempDir.js'

const CODE = '[234679ACDEFGHJKMNPQRTUVWXYZ]{4}-[234679ACDEFGHJKMNPQRTUVWXYZ]{4}'

describe('casebook workshop start', () => {
  const relays = useRelays()
  const clients = useClients()
  const temp = useTempDir()

  it('prints the code, the link and the end time, and a running relay admits people with that code at once', async () => {
    const relay = await relays.start()
    await storedDocument(relay, clients, 'brt/notes')
    const before = Date.now()
    const result = await casebook([
      'workshop',
      'start',
      '--network',
      'brt',
      '--document',
      'notes',
      '--minutes',
      '90',
      '--public-url',
      'wss://relay.example.org/',
      '--relay-data',
      relay.dataDir,
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const [code = '', link, ends, ...rest] = result.stdout.split('\n')
    expect(code).toMatch(new RegExp(`^${CODE}$`))
    expect(link).toBe(`https://relay.example.org/w/${code}`)
    expect(rest).toEqual([''])
    // The tests run the command with TZ=UTC.
    const endsAt = Date.parse(`${/^Ends at (\d{4}-\d\d-\d\d \d\d:\d\d)\.$/.exec(ends ?? '')?.[1]}Z`.replace(' ', 'T'))
    expect(endsAt).toBeGreaterThan(before + 89 * 60_000)
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 90 * 60_000)

    const joined = await joinWorkshop(relay, code)
    expect(joined.status).toBe(200)
    relays.issued(joined.body.token)
    expect(joined.body).toMatchObject({ network: 'brt', document: 'notes' })
  })

  it('prints JSON with --json', async () => {
    const relay = await relays.start()
    await storedDocument(relay, clients, 'brt/notes')
    const args = ['workshop', 'start', '--network', 'brt', '--document', 'notes', '--public-url', 'http://127.0.0.1:4455', '--relay-data', relay.dataDir]
    const result = await casebook([...args, '--json'])
    expect(result.code).toBe(0)
    const printed = JSON.parse(result.stdout) as Record<string, string>
    expect(printed).toEqual({
      code: expect.stringMatching(new RegExp(`^${CODE}$`)),
      link: `http://127.0.0.1:4455/w/${printed['code']}`,
      network: 'brt',
      document: 'notes',
      startedAt: expect.any(String),
      endsAt: expect.any(String),
    })
    expect(Date.parse(printed['endsAt']!) - Date.parse(printed['startedAt']!)).toBeGreaterThan(119 * 60_000)
  })

  it.each([
    [['--relay-data', 'nowhere'], /There is no relay data in .*nowhere; give --relay-data\./],
    [['--network', 'Bus Network'], /--network must be a network id made of lowercase letters, digits and dashes, not "Bus Network"\./],
    [['--document', 'nothing'], /^casebook: Network brt has no document nothing on this relay\.\n$/],
    [['--document', 'notes-comments'], /--document must be the id of a document of the network, not "notes-comments"\./],
    [['--minutes', '0'], /--minutes must be a whole number from 1 to 1440, not "0"\./],
    [['--minutes', '1441'], /--minutes must be a whole number from 1 to 1440, not "1441"\./],
    [['--minutes', 'an hour'], /--minutes must be a whole number from 1 to 1440, not "an hour"\./],
    [
      ['--public-url', 'ftp://relay.example.org'],
      /--public-url must be the relay's address, such as https:\/\/relay\.example\.org, not "ftp:\/\/relay\.example\.org"\./,
    ],
    [['--public-url', 'https://relay.example.org/casebook'], /--public-url must be the relay's address/],
    [['--public-url', 'relay.example.org'], /--public-url must be the relay's address/],
    [['--public-url', null], /workshop needs --public-url\./],
    [['--network', null], /workshop needs --network\./],
    [['stop'], /workshop takes one action, start, not "stop"\./],
  ])('%j fails with one clear line, and writes nothing', async (change, message) => {
    const relayData = temp.path
    new RelayStore(relayData).close()
    const given: Record<string, string> = { '--network': 'brt', '--document': 'notes', '--public-url': 'https://relay.example.org', '--relay-data': relayData }
    let action = 'start'
    if (change.length === 1) action = change[0]!
    else if (change[1] === null) delete given[change[0]!]
    else given[change[0]!] = change[1]!
    const before = snapshotTree(relayData)
    const result = await casebook(['workshop', action, ...Object.entries(given).flat()], { cwd: relayData })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(snapshotTree(relayData)).toEqual(before)
  })
})
