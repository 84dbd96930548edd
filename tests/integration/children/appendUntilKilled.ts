// Appends paragraphs to one document as fast as it can, printing "durable N" once paragraph N is on disk.
import { setImmediate } from 'node:timers/promises'
import { Library } from '../../../src/main/library/library.js'
import { appendParagraph } from '../../helpers/documents.js'

const [dataDir, id, run] = process.argv.slice(2) as [string, string, string]
// A tiny compaction threshold, so that kills also land in the middle of compactions.
const library = await Library.open(dataDir, { compaction: { minBytes: 8 << 10, snapshotRatio: 1, onCloseBytes: 1 << 30 } })
const stored = await library.open(id)
process.stdout.write('ready\n')
for (let n = 0; ; ) {
  const burst = 1 + Math.floor(Math.random() * 20)
  for (let k = 0; k < burst; k += 1, n += 1) appendParagraph(stored.doc, `${run}:${n}`)
  const last = n - 1
  void stored.flushed().then(() => process.stdout.write(`durable ${last}\n`))
  await setImmediate()
}
