import pino, { type Logger } from 'pino'
import { redactUrl } from './redactUrl.js'

/**
 * The relay's logger, which never writes an invite token: every `url` logged loses its query
 * string, and so do the fields in which Node's errors carry a request's text: `input` (an invalid
 * URL) and `rawPacket` (the bytes of a request that did not parse), the latter dropped whole.
 */
export function redactingLogger(log: Logger): Logger {
  return log.child(
    {},
    {
      serializers: {
        url: redactUrl,
        err: (error: Error) => {
          const { rawPacket: _rawPacket, ...serialized } = pino.stdSerializers.err(error) as ReturnType<typeof pino.stdSerializers.err> & {
            rawPacket?: unknown
            input?: unknown
          }
          return 'input' in serialized ? { ...serialized, input: redactUrl(serialized.input) } : serialized
        },
      },
    },
  )
}
