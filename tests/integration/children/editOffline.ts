// Joins a network, waits until its relay is gone, then creates a document, prints "stored <id>" once
// it is on disk, and waits to be killed.
import { Library } from '../../../src/main/library/library.js'
import { FileSettingsStore } from '../../../src/main/settings/fileSettingsStore.js'
import { SyncEngine } from '../../../src/main/sync/syncEngine.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { appendParagraph } from '../../helpers/documents.js'

const [dataDir, relayUrl, token] = process.argv.slice(2) as [string, string, string]
const library = await Library.open(dataDir)
const sync = await SyncEngine.start(library, new FileSettingsStore(dataDir), dataDir)
await sync.join({ relayUrl, token })
process.stdout.write('joined\n')
while (sync.networks()[0]?.online) await new Promise((resolve) => setTimeout(resolve, 20))
const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Written offline', network: 'brt' }))
const handle = await library.open(id)
appendParagraph(handle.doc, 'typed just before the crash')
await handle.flushed()
process.stdout.write(`stored ${id}\n`)
setInterval(() => {}, 1000)
