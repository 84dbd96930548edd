import { Library } from '../../src/main/library/library.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { DOCUMENT_KINDS } from '../../src/shared/model/kinds.js'

const CITIES = ['Lagos', 'Bogotá', 'Quito', 'Nairobi', 'Dhaka', 'Lima', 'Accra', 'Manila']
/** Documents stored at once: the library's writes overlap, each still whole or not at all. */
const AT_ONCE = 64

/**
 * Writes `count` small documents into the library at `dataDir`, titled "Case 1" to "Case <count>",
 * each of a kind and in a city taken in turn, and each updated a minute after the one before (so
 * "Case <count>" is listed first), and closes it.
 */
export async function generateLibrary(dataDir: string, count: number): Promise<void> {
  const library = await Library.open(dataDir)
  try {
    let next = 0
    const worker = async () => {
      while (next < count) {
        const index = next++
        const kind = DOCUMENT_KINDS[index % DOCUMENT_KINDS.length]!
        const city = CITIES[index % CITIES.length]!
        const updated = new Date(Date.UTC(2026, 0, 1) + index * 60_000)
        await library.create(newDocumentContent({ kind, title: `Case ${index + 1}`, city, language: 'en', authors: [] }, undefined, updated))
      }
    }
    await Promise.all(Array.from({ length: AT_ONCE }, worker))
  } finally {
    await library.close()
  }
}
