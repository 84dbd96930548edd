// Opens a library and keeps it open until killed.
import { Library } from '../../../src/main/library/library.js'

const [dataDir] = process.argv.slice(2) as [string]
await Library.open(dataDir)
process.stdout.write('ready\n')
setInterval(() => {}, 1 << 30)
