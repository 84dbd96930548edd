import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A self-signed certificate for 127.0.0.1 and localhost, and its key, made with openssl in `dir`:
 * PEM files at `certPath` and `keyPath`, and the certificate's text to trust it as a CA.
 */
export function selfSignedCert(dir: string, name = 'relay'): { certPath: string; keyPath: string; cert: string } {
  const certPath = join(dir, `${name}.crt`)
  const keyPath = join(dir, `${name}.key`)
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('These tests make a TLS certificate with openssl: install openssl (apt-get install -y openssl).')
    throw error
  }
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8') }
}
