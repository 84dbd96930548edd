import { readFileSync } from 'node:fs'
import { createSecureContext } from 'node:tls'
import { describeFsError } from '../main/fsErrors.js'
import { CasebookError } from '../shared/errors.js'
import type { TlsFiles } from '../relay/relay.js'

/**
 * The certificate (chain) and private key the relay serves wss:// with, both PEM files, checked
 * before the relay starts: readable, and a key that goes with the certificate.
 */
export function readTlsFiles(certPath: string, keyPath: string): TlsFiles {
  const files = { cert: read(certPath, 'certificate'), key: read(keyPath, 'private key') }
  check(() => createSecureContext({ cert: files.cert }), `The TLS certificate ${certPath} is not a PEM certificate.`)
  check(() => createSecureContext({ key: files.key }), `The TLS private key ${keyPath} is not a PEM private key without a passphrase.`)
  check(() => createSecureContext(files), `The TLS private key ${keyPath} does not belong to the certificate ${certPath}.`)
  return files
}

function check(load: () => unknown, problem: string): void {
  try {
    load()
  } catch {
    throw new CasebookError('INVALID_FILE', problem)
  }
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new CasebookError('UNREADABLE_FILE', `Cannot read the TLS ${what} ${path}: ${describeFsError(error)}.`)
  }
}
