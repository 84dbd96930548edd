// Starts the services on a data directory, prints the error code if they cannot start, and stops
// them if they can: the process then ends only if nothing they started is left running.
import { Services } from '../../../src/main/services/services.js'
import { isCasebookError } from '../../../src/shared/errors.js'

const [dataDir] = process.argv.slice(2) as [string]
try {
  const services = await Services.start(dataDir)
  process.stdout.write('started\n')
  await services.stop()
} catch (error) {
  process.stdout.write(`${isCasebookError(error) ? error.code : String(error)}\n`)
}
