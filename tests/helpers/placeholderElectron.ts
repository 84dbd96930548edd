import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FuseVersion } from '@electron/fuses'

/**
 * Where Electron's binary keeps its fuses: a sentinel, then the wire's version (1), its length, and a
 * byte per fuse, '0' off or '1' on. This is Electron's own wire as it ships (RunAsNode, cookie
 * encryption, NODE_OPTIONS, --inspect, asar integrity, app only from asar, V8 snapshot, file://
 * privileges), for a placeholder to carry so that electron-builder's real flipping runs on it.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const SHIPPED_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([Number(FuseVersion.V1), 8]), Buffer.from('10110001')])

/**
 * A placeholder for Electron's distribution in `<work>/electron-dist`, for electron-builder's
 * `electronDist`: Electron's binary cannot be downloaded here.
 */
export function placeholderElectron(work: string): string {
  const dist = join(work, 'electron-dist')
  mkdirSync(dist)
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "a placeholder for Electron"\nexit 0\n'), SHIPPED_WIRE, Buffer.from('\n')]))
  chmodSync(join(dist, 'electron'), 0o755)
  return dist
}
