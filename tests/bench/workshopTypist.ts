import { createInterface } from 'node:readline'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'

/**
 * A child process of the workshop bench (workshopBench.ts, started as `node --import tsx
 * workshopTypist.ts`): stock y-websocket clients, with ws as their WebSocket, each with its own
 * session token, each typing at the end of its own paragraph of the document body, the one whose text
 * starts with its tag (`C07:`), and moving its caret there, as a person's editor would (unless told
 * not to).
 *
 * On stdin, one line each:
 * - first, the clients: `{"url", "room", "typists": [{ "tag", "token" }], "carets"}`; once all are synced and
 *   have found their paragraphs, this writes `ready`;
 * - `type <ms> <keys a second>`: each client types at that pace for that long, from a random phase;
 *   once done this writes `typed <JSON>`: for each key, [the typist's index, its paragraph's length
 *   after it, the wall clock when it was typed], and how late the timers that typed them ran;
 * - the end of stdin: the clients are closed, and this exits.
 */
interface Setup {
  url: string
  room: string
  typists: { tag: string; token: string }[]
  /** Whether each key moves the typist's caret too (an awareness update, which every other client then draws). */
  carets: boolean
}

export interface Typed {
  keys: [typist: number, length: number, at: number][]
  /** How late each key's timer ran, in ms: this process's own delay, which the latencies include. */
  lateness: number[]
}

const WORDS = ['bus', 'lane', 'depot', 'fare', 'route', 'shade', 'tree', 'bike', 'rail', 'ferry', 'kerb', 'stop']

/** The wall clock in milliseconds, as precise as performance.now(): the same clock as the page's. */
const epoch = () => performance.timeOrigin + performance.now()

interface Typist {
  doc: Y.Doc
  provider: WebsocketProvider
  text: Y.XmlText
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const first = await lines.next()
const setup = JSON.parse(String(first.value)) as Setup
// Each provider listens for this process's exit, to close its socket: many providers are no leak.
process.setMaxListeners(setup.typists.length + 10)
const typists = await Promise.all(setup.typists.map(({ tag, token }) => connect(setup, tag, token)))
process.stdout.write('ready\n')
for (let line = await lines.next(); !line.done; line = await lines.next()) {
  const [command, ms, keysPerSecond] = String(line.value).split(' ')
  if (command === 'type') process.stdout.write(`typed ${JSON.stringify(await typeFor(Number(ms), Number(keysPerSecond)))}\n`)
}
for (const { provider, doc } of typists) {
  provider.destroy()
  doc.destroy()
}

async function connect({ url, room }: Setup, tag: string, token: string): Promise<Typist> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  })
  provider.awareness.setLocalStateField('user', { name: tag, color: '#1d4ed8' })
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))
  const paragraph = doc
    .getXmlFragment(BODY_FRAGMENT)
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.get(0) instanceof Y.XmlText && node.get(0).toString().startsWith(tag))
  if (!paragraph) throw new Error(`no paragraph starts with ${tag}`)
  return { doc, provider, text: paragraph.get(0) as Y.XmlText }
}

/** Every typist types at `keysPerSecond` for `ms`, words and spaces one key at a time. */
async function typeFor(ms: number, keysPerSecond: number): Promise<Typed> {
  const typed: Typed = { keys: [], lateness: [] }
  const interval = 1000 / keysPerSecond
  const start = performance.now()
  await Promise.all(
    typists.map(async ({ provider, text }, index) => {
      const keys = [...WORDS.slice(index % WORDS.length), ...WORDS].map((word) => ` ${word}`).join('')
      for (let key = 0, due = start + Math.random() * interval; due < start + ms; key += 1, due += interval) {
        await new Promise((resolve) => setTimeout(resolve, due - performance.now()))
        typed.lateness.push(performance.now() - due)
        const at = epoch()
        text.insert(text.length, keys[key % keys.length]!)
        // The caret after the key, as y-tiptap's caret plugin reads it: relative to the paragraph's text.
        const caret = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length))
        if (setup.carets) provider.awareness.setLocalStateField('cursor', { anchor: caret, head: caret })
        typed.keys.push([index, text.length, at])
      }
    }),
  )
  return typed
}
