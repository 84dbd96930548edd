import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Library } from '../../src/main/library/library.js'
import { writeMeta } from '../../src/shared/model/document.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'

const caseStudy = (title: string, text: string) =>
  newDocumentContent({ kind: 'case-study', title }, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

/**
 * A library in `dataDir` whose index.json says what it held before a crash: since then, as the command
 * line would, "Lagos BRT" was retitled "Lagos bus rapid transit", "Quito cable car" trashed and
 * "Dakar minibuses" created, and the index written then was lost. "Pune cycle lanes" is as it was.
 */
export async function libraryWithStaleIndex(dataDir: string): Promise<{ edited: string; trashed: string; created: string; kept: string }> {
  const indexPath = join(dataDir, 'library', 'index.json')
  const library = await Library.open(dataDir)
  const edited = await library.create(caseStudy('Lagos BRT', 'Dedicated lanes'))
  const trashed = await library.create(caseStudy('Quito cable car', 'Gondolas over the valley'))
  const kept = await library.create(caseStudy('Pune cycle lanes', 'Along the river'))
  await library.close()
  const stale = await readFile(indexPath)

  const later = await Library.open(dataDir)
  const handle = await later.open(edited)
  writeMeta(handle.doc, { title: 'Lagos bus rapid transit' })
  await handle.close()
  await later.trash(trashed)
  const created = await later.create(caseStudy('Dakar minibuses', 'Minibuses and their routes'))
  await later.close()
  await writeFile(indexPath, stale)
  return { edited, trashed, created, kept }
}
