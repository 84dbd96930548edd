import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import YAML from 'yaml'

/** A generic update server on loopback: a folder of files over http, as electron-updater asks one. */
export interface UpdateServer {
  /** The folder's address, `http://127.0.0.1:<port>/casebook/`, as electron-builder.yml's `publish.url`. */
  url: string
  /** The files it serves, by name in the folder; any other request is answered 404. */
  readonly files: Map<string, Buffer>
  /** The path of every request it was sent, without its query (electron-updater adds `?noCache=…`). */
  readonly requests: string[]
  close(): Promise<void>
}

export async function startUpdateServer(): Promise<UpdateServer> {
  const files = new Map<string, Buffer>()
  const requests: string[] = []
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    requests.push(path)
    const file = path.startsWith('/casebook/') ? files.get(path.slice('/casebook/'.length)) : undefined
    if (file === undefined) response.writeHead(404).end()
    else response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.byteLength }).end(file)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/casebook/`,
    files,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/**
 * A release of `version` for Linux's deb package, as electron-builder publishes it beside the
 * installer (app-builder-lib's publish/updateInfoBuilder.js, createUpdateInfo): the installer, and
 * latest-linux.yml naming it with its sha512 (base64), which electron-updater checks the download
 * against. Written here rather than by electron-builder, whose deb target needs fpm, which it
 * downloads, and this machine cannot.
 */
export function debRelease(version: string, installer: Buffer): Map<string, Buffer> {
  const name = `casebook_${version}_amd64.deb`
  const sha512 = createHash('sha512').update(installer).digest('base64')
  const info = { version, files: [{ url: name, sha512, size: installer.byteLength }], path: name, sha512, releaseDate: new Date().toISOString() }
  return new Map([
    ['latest-linux.yml', Buffer.from(YAML.stringify(info))],
    [name, installer],
  ])
}
