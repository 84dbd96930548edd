// Two Casebook back ends, each with its own data directory, join a network by `relayUrl` with their
// own invites; A creates a document and writes in it, B writes back, and once both hold both edits,
// saved on the network, it prints "synced <id>" and exits. Run in a child process so that the test
// can give it an environment of its own, such as NODE_EXTRA_CA_CERTS, which Node reads only at start.
import { Library } from '../../../src/main/library/library.js'
import { FileSettingsStore } from '../../../src/main/settings/fileSettingsStore.js'
import { SyncEngine } from '../../../src/main/sync/syncEngine.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'

const [relayUrl, dataDirA, tokenA, dataDirB, tokenB] = process.argv.slice(2) as [string, string, string, string, string]

async function backend(dataDir: string, token: string) {
  const library = await Library.open(dataDir)
  const sync = await SyncEngine.start(library, new FileSettingsStore(dataDir), dataDir)
  await sync.join({ relayUrl, token })
  return { library, sync }
}
type Backend = Awaited<ReturnType<typeof backend>>

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20))
}

async function edit({ library }: Backend, id: string, text: string): Promise<void> {
  const handle = await library.open(id)
  appendParagraph(handle.doc, text)
  await handle.close()
}

async function textOf({ library }: Backend, id: string): Promise<string[]> {
  if (!library.list().some((summary) => summary.id === id)) return []
  const handle = await library.open(id)
  try {
    return paragraphs(handle.doc)
  } finally {
    await handle.close()
  }
}

const a = await backend(dataDirA, tokenA)
const b = await backend(dataDirB, tokenB)
const id = await a.library.create(newDocumentContent({ kind: 'case-study', title: 'Over TLS', network: 'brt' }))
await edit(a, id, 'written on A')
await until(async () => (await textOf(b, id)).includes('written on A'))
await edit(b, id, 'written on B')
await until(async () => (await textOf(a, id)).includes('written on B'))
await until(() => a.sync.state(id) === 'saved' && b.sync.state(id) === 'saved')
for (const { sync, library } of [a, b]) {
  await sync.stop()
  await library.close()
}
process.stdout.write(`synced ${id}\n`)
