import type { IncomingMessage } from 'node:http'
import { badRequest } from './workshopRefused.js'

/** The most a workshop route reads of a request's body: its JSON holds a name and a city, or a document id. */
const MAX_BODY_BYTES = 4096

/** A request's body, parsed as JSON; refused as a bad request unless it is JSON of at most MAX_BODY_BYTES. */
export function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\s*(?:;|$)/i.test(request.headers['content-type'] ?? '')) {
    return Promise.reject(badRequest('The request must send JSON, with Content-Type: application/json.'))
  }
  const tooLarge = badRequest(`The request's body is larger than ${MAX_BODY_BYTES / 1024} KB.`)
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    const stop = (error: Error) => {
      request.removeAllListeners('data').removeAllListeners('end')
      reject(error)
    }
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength
      if (bytes > MAX_BODY_BYTES) return stop(tooLarge)
      chunks.push(chunk)
    })
    request.on('error', stop)
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown)
      } catch {
        reject(badRequest("The request's body is not JSON."))
      }
    })
  })
}
