import { parentPort, workerData } from 'node:worker_threads'
import { isCasebookError } from '../../shared/errors.js'
import { convertFile } from './convertFile.js'
import type { ImportReply, ImportRequest, ImportWorkerData } from './importer.js'
import { warmUp } from './warmUp.js'

/**
 * The worker an Importer keeps: it converts each file it is sent, one at a time, and posts back the
 * document or the problem. A file sent while it warms up ends the warm-up after the round under way.
 */
let fileWaiting = false
if ((workerData as ImportWorkerData | undefined)?.warmUp) void warmUp(() => fileWaiting)
const reply = (message: ImportReply, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer)
parentPort?.on('message', ({ name, bytes, folder, network }: ImportRequest) => {
  fileWaiting = true
  return convertFile({ name, bytes, folder }, { network }).then(
    // The update's bytes are moved to the thread that stores them, not copied. The images' are
    // copied: a Buffer read from a file or a zip may share its memory with others.
    (file) => reply({ ok: true, file }, [file.document.state.buffer as ArrayBuffer]),
    (error: unknown) =>
      // A converter that trips over a file is the file's problem as far as the batch goes; it is named, not thrown.
      reply(
        isCasebookError(error)
          ? { ok: false, code: error.code, message: error.message, reason: error.reason, params: error.params }
          : {
              ok: false,
              code: 'INVALID_FILE',
              message: `It could not be converted (${(error as Error).message}).`,
              reason: 'unconverted',
              params: { problem: (error as Error).message },
            },
      ),
  )
})
