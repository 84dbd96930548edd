// Creates documents with a long body, one after another, printing "created ID" once each is stored.
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { Library } from '../../../src/main/library/library.js'

const [dataDir] = process.argv.slice(2) as [string]
const library = await Library.open(dataDir)
const body = {
  type: 'doc',
  content: [
    ...Array.from({ length: 300 }, (_, n) => ({ type: 'paragraph', content: [{ type: 'text', text: `paragraph ${n} `.repeat(20) }] })),
    { type: 'paragraph', content: [{ type: 'text', text: 'END' }] },
  ],
}
process.stdout.write('ready\n')
for (let n = 0; ; n += 1) {
  const id = await library.create(newDocumentContent({ kind: 'case-study', title: `Imported ${n}` }, body))
  process.stdout.write(`created ${id}\n`)
}
