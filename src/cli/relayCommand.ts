import { DEFAULT_LIMITS, type RelayLimits } from '../relay/limits.js'
import { CasebookError } from '../shared/errors.js'
import type { Command, OptionSpec } from './command.js'
import { readTlsFiles } from './readTlsFiles.js'
import { flagOf, LIMITS, printableConfig, relayConfig } from './relayConfig.js'

const MIB = 1 << 20

/** Each limit's flag (maxMessageBytes is --max-message-bytes), what it limits, and its default as help shows it. */
const LIMIT_FLAGS: Record<keyof RelayLimits, string> = {
  maxMessageBytes: `the largest message accepted (${DEFAULT_LIMITS.maxMessageBytes / MIB} MiB)`,
  maxUpdateItems: `the most items (structs, values and deleted ranges) one update may hold (${DEFAULT_LIMITS.maxUpdateItems})`,
  maxUpdateScan: `the most steps Yjs's conflict scan may take to merge one update, or one slice of a large one, into the document (${DEFAULT_LIMITS.maxUpdateScan})`,
  maxDocumentBytes: `the most a document may hold stored (${DEFAULT_LIMITS.maxDocumentBytes / MIB} MiB)`,
  maxConnectionsPerToken: `open connections per invite token (${DEFAULT_LIMITS.maxConnectionsPerToken})`,
  maxConnectionsPerAddress: `open connections per network address (${DEFAULT_LIMITS.maxConnectionsPerAddress})`,
  maxDocumentsPerToken: `documents open at once per invite token (${DEFAULT_LIMITS.maxDocumentsPerToken})`,
  newDocumentsPerMinute: `new documents an invite token may start per minute (${DEFAULT_LIMITS.newDocumentsPerMinute})`,
  failedTokensPerMinute: `failed token checks per address per minute before its further failures are refused with 4534 (${DEFAULT_LIMITS.failedTokensPerMinute})`,
  requestTimeoutMs: `milliseconds a connection may take to finish its TLS handshake, and a request to send its headers (${DEFAULT_LIMITS.requestTimeoutMs})`,
  workshopCapacity: `the most people one workshop admits (${DEFAULT_LIMITS.workshopCapacity})`,
  workshopJoinsPerMinute: `workshop codes one address may exchange per minute (${DEFAULT_LIMITS.workshopJoinsPerMinute})`,
  workshopFailuresPerMinute: `wrong workshop codes (unknown, malformed or ended) one address may try per minute before its tries are refused for the rest of the minute (${DEFAULT_LIMITS.workshopFailuresPerMinute})`,
  maxBlobBytes: `the largest image (blob) one upload may store (${DEFAULT_LIMITS.maxBlobBytes / MIB} MiB)`,
  blobQuotaBytes: `the most bytes of images (blobs) one network may store on the relay (${DEFAULT_LIMITS.blobQuotaBytes / (1024 * MIB)} GiB)`,
}

export const relayCommand: Command = {
  name: 'relay',
  usage:
    '[--print-config] [--host 127.0.0.1] [--port 4455] [--data DIR] [--tls-cert FILE --tls-key FILE] [--metrics-token TOKEN] [--metrics-host HOST:PORT] [--trust-proxy] [--guest-dir DIR] [--heap-unload-share 0.7] [--postgres URL [--redis URL]] [limit options]',
  summary:
    "Run the relay that members of networks sync through, until stopped (SIGTERM or Ctrl-C). Each setting may come from the environment instead: CASEBOOK_RELAY_ and the option's name (CASEBOOK_RELAY_PORT, CASEBOOK_RELAY_MAX_MESSAGE_BYTES, CASEBOOK_RELAY_TRUST_PROXY=1), and the metrics token from CASEBOOK_METRICS_TOKEN; an option given wins. casebook relay backup and casebook relay restore back its data up and restore it (see their --help).",
  options: {
    'print-config': {
      type: 'boolean',
      description: 'print the settings the relay would start with, from its flags and environment (secrets hidden), and stop',
    },
    host: { type: 'string', value: 'ADDRESS', description: 'the address to listen on (127.0.0.1)' },
    port: { type: 'string', value: 'PORT', description: 'the port to listen on (4455; 0 picks a free one)' },
    data: { type: 'string', value: 'DIR', description: "the relay's data directory (./relay-data)" },
    'tls-cert': { type: 'string', value: 'FILE', description: 'serve wss:// with this PEM certificate (chain); needs --tls-key' },
    'tls-key': { type: 'string', value: 'FILE', description: "the certificate's PEM private key" },
    'metrics-token': {
      type: 'string',
      value: 'TOKEN',
      description:
        'serve /metrics to requests with "Authorization: Bearer TOKEN" (16 characters or more); better set CASEBOOK_METRICS_TOKEN, which ps does not show',
    },
    'metrics-host': { type: 'string', value: 'HOST:PORT', description: "serve /metrics on this address instead of the relay's port" },
    'trust-proxy': {
      type: 'boolean',
      description: 'behind a reverse proxy on this computer: count a connection from loopback by the last X-Forwarded-For address, which the proxy appends',
    },
    'guest-dir': { type: 'string', value: 'DIR', description: "the workshops' guest page, served at /w/<code> (the one built beside this command)" },
    postgres: {
      type: 'string',
      value: 'URL',
      description:
        'keep documents, revocations, workshops and images in this Postgres database instead of SQLite, so that several relay processes can share them (--data then holds only the secret); better set CASEBOOK_RELAY_POSTGRES, which ps does not show',
    },
    redis: {
      type: 'string',
      value: 'URL',
      description: 'with --postgres: pass updates, presence, changes and limits between relay processes through this Redis (docs/RELAYS.md)',
    },
    ...Object.fromEntries(LIMITS.map((limit): [string, OptionSpec] => [flagOf(limit), { type: 'string', value: 'N', description: LIMIT_FLAGS[limit] }])),
    'heap-unload-share': {
      type: 'string',
      value: 'SHARE',
      description: "unload the least recently used documents when the heap passes this share of Node's heap limit (0.7)",
    },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const config = relayConfig(context, process.env)
    if (context.flag('print-config')) return context.out(JSON.stringify(printableConfig(config), null, 2))
    const { host, port, dataDir, limits, tls: tlsPaths, metricsToken, metricsHost, ...options } = config
    const tls = tlsPaths && readTlsFiles(tlsPaths.cert, tlsPaths.key)
    // Loaded here, so that the library's commands do not pay for the relay's modules at start-up.
    const [{ default: pino }, { Relay }, { loadPreviousSecret, loadSecret }] = await Promise.all([
      import('pino'),
      import('../relay/relay.js'),
      import('../relay/secret.js'),
    ])
    const secret = loadSecret(dataDir)
    const previousSecret = loadPreviousSecret(dataDir)
    const log = pino({ level: process.env['CASEBOOK_LOG_LEVEL'] ?? 'info' })
    const relay = await Relay.start({
      host,
      port,
      dataDir,
      secret,
      previousSecret,
      log,
      tls,
      ...options,
      ...limits,
      ...(metricsToken ? { metricsToken } : {}),
      ...(metricsHost ? { metricsHost } : {}),
    }).catch((error: NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string }) => {
      // The error names the listener that failed: the relay's, or that of --metrics-host.
      if (error.code === 'EADDRINUSE') throw new CasebookError('USAGE', `Port ${error.port ?? port} on ${error.address ?? host} is already in use.`)
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        throw new CasebookError('USAGE', `This computer has no address ${error.address ?? error.hostname ?? host} to listen on.`)
      throw error
    })
    const signal = await new Promise<NodeJS.Signals>((stop) => {
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
    log.info({ signal }, 'stopping')
    await relay.close()
  },
}
