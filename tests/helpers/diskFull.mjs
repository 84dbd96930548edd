// Preloaded (node --import) into a CLI run to make the disk look full: every write of file data
// through a FileHandle fails with ENOSPC, as it would on a full disk.
import { open } from 'node:fs/promises'

const probe = await open(new URL(import.meta.url), 'r')
const prototype = Object.getPrototypeOf(probe)
await probe.close()
const full = async () => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })
}
prototype.write = full
prototype.writev = full
prototype.writeFile = full
