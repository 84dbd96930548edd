import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { buildDocument, newDocumentContent, readBodyText } from '../../src/shared/model/documentBody.js'
import { formatCode, type WorkshopSummary } from '../../src/shared/protocol/workshops.js'
import { body, section } from './support/pages.js'
import { expect, type RelayProcess, test } from './support/processes.js'

const DOCUMENT = '5eed5eed5eed5eed'

/**
 * A document on the relay, written by its network's facilitator, and a workshop on it. The
 * facilitator's provider stays connected, to read what guests write.
 */
async function workshopOnRelay(relay: RelayProcess, facilitator: string) {
  const doc = buildDocument(DOCUMENT, newDocumentContent({ kind: 'workshop-notes', title: 'Streets for people', network: 'streets' }))
  const provider = new WebsocketProvider(relay.url, `streets/${DOCUMENT}`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: facilitator },
    disableBc: true,
  })
  await new Promise<void>((synced) => provider.once('sync', () => synced()))
  const http = relay.url.replace(/^ws/, 'http')
  const call = async (path: string, body?: object) => {
    const response = await fetch(`${http}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as WorkshopSummary
  }
  // The relay answers once the document it holds is stored: retried until then.
  let started: WorkshopSummary | null = null
  await expect(async () => {
    started = await call('/workshops', { document: DOCUMENT })
  }).toPass()
  const { code } = started!
  return {
    code,
    link: `${http}/w/${formatCode(code)}`,
    text: () => readBodyText(doc),
    end: () => call(`/workshops/${code}/end`),
    stop: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

const contexts: BrowserContext[] = []
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
})

/** A page in a browser context of its own (closed after the test), which notes every CSP violation the browser reports. */
async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  const page = await context.newPage()
  await page.addInitScript(() => {
    type Violation = { violatedDirective: string; blockedURI: string }
    const inPage = globalThis as unknown as PageMarks & { document: { addEventListener(type: string, listener: (event: Violation) => void): void } }
    inPage.cspViolations = []
    inPage.document.addEventListener('securitypolicyviolation', (event) => inPage.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`))
  })
  return page
}

/** What the page's script notes (the guest page's own marks: src/renderer/guest/guestMarks.ts). */
interface PageMarks {
  cspViolations: string[]
  casebookGuest?: { joinSentAt?: number; editableAt?: number }
}

const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as PageMarks).cspViolations)

async function join(page: Page, name: string, city: string): Promise<void> {
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Your city').fill(city)
  await page.getByRole('button', { name: 'Join' }).click()
}

test('a guest joins by the link, writes in the document, and a reload opens it again without the code', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const workshop = await workshopOnRelay(relay, processes.invite(relay, { network: 'streets', role: 'facilitator', name: 'Fatima', city: 'Paris' }))
  try {
    const page = await guestPage(browser)
    await page.goto(workshop.link)
    await expect(page.getByRole('heading', { name: `Join workshop ${formatCode(workshop.code)}` })).toBeVisible()
    await join(page, 'Ana', 'Lima')
    await expect(page.getByTestId('guest-editor').getByRole('textbox', { name: 'Document body' })).toHaveAttribute('contenteditable', 'true')
    await expect(page.getByRole('heading', { level: 1, name: 'Streets for people' })).toBeVisible()
    await expect(page.getByTestId('guest-connection')).toHaveText('Online')
    await expect(page.getByRole('list', { name: 'People in this document' })).toContainText('Ana · Lima (you)')
    expect(await page.evaluate(() => (globalThis as unknown as PageMarks).casebookGuest?.editableAt)).toEqual(expect.any(Number))

    await section(page, 'Discussion').click()
    await page.keyboard.type('Close Main Street to cars on Sundays.')
    await expect.poll(workshop.text).toContain('Close Main Street to cars on Sundays.')
    await page.screenshot({ path: 'test-results/guest-page.png' })

    await page.reload()
    await expect(section(page, 'Discussion')).toHaveText('Close Main Street to cars on Sundays.')
    await expect(page.getByTestId('guest-join')).toHaveCount(0)
    expect(page.url()).toBe(workshop.link)
    expect(await violations(page)).toEqual([])

    // Another tab of the same browser asks for the code again, the name already there.
    const again = await page.context().newPage()
    await again.goto(workshop.link)
    await expect(again.getByLabel('Your name')).toHaveValue('Ana')
    await expect(again.getByLabel('Your city')).toHaveValue('')
  } finally {
    workshop.stop()
  }
})

/**
 * Resolves once every write the page began on the IndexedDB database `name` is committed: a
 * transaction on the same store waits for those begun before it.
 */
function keptInBrowser(page: Page, name: string): Promise<void> {
  return page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        type Request<T> = { result: T; error: unknown; onsuccess: () => void; onerror: () => void }
        type Database = { transaction(store: string): { objectStore(store: string): { count(): void }; oncomplete: () => void }; close(): void }
        const opening = (globalThis as unknown as { indexedDB: { open(name: string): Request<Database> } }).indexedDB.open(name)
        opening.onerror = () => reject(opening.error)
        opening.onsuccess = () => {
          const reading = opening.result.transaction('updates')
          reading.objectStore('updates').count()
          reading.oncomplete = () => {
            opening.result.close()
            resolve()
          }
        }
      }),
    name,
  )
}

test('what a guest types offline stays in the browser: a reload shows it, and the relay has it once the connection is back', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const workshop = await workshopOnRelay(relay, processes.invite(relay, { network: 'streets', role: 'facilitator', name: 'Fatima', city: 'Paris' }))
  try {
    const page = await guestPage(browser)
    // The page's WebSockets pass through here, to be cut at will.
    let offline = false
    const sockets: WebSocketRoute[] = []
    await page.routeWebSocket(/./, (socket) => {
      if (offline) return void socket.close({ code: 4500, reason: 'offline' })
      socket.connectToServer()
      sockets.push(socket)
    })
    await page.goto(workshop.link)
    await join(page, 'Ana', 'Lima')
    await expect(page.getByTestId('guest-connection')).toHaveText('Online')
    offline = true
    for (const socket of sockets.splice(0)) await socket.close({ code: 4500, reason: 'offline' })
    await expect(page.getByTestId('guest-connection')).toHaveText('Offline')
    await section(page, 'Actions').click()
    await page.keyboard.type('Walk the route first.')
    await keptInBrowser(page, `casebook-guest/streets/${DOCUMENT}`)

    await page.reload()
    await expect(section(page, 'Actions')).toHaveText('Walk the route first.')
    await expect(body(page)).toHaveAttribute('contenteditable', 'true')
    expect(workshop.text()).not.toContain('Walk the route first.')
    offline = false
    await expect.poll(workshop.text, { timeout: 15_000 }).toContain('Walk the route first.')
    await expect(page.getByTestId('guest-connection')).toHaveText('Online')
    expect(await violations(page)).toEqual([])
  } finally {
    workshop.stop()
  }
})

test('a wrong code says no workshop has it, asking the relay only for a code that could be one', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const page = await guestPage(browser)
  const http = relay.url.replace(/^ws/, 'http')
  const asked: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') asked.push(new URL(request.url()).pathname)
  })
  await page.goto(`${http}/w/K7Q4-2MXR`)
  await join(page, 'Ana', 'Lima')
  await expect(page.getByTestId('guest-refusal')).toHaveText('No workshop has this code.')
  await expect(page.getByLabel('Your name')).toBeEditable()
  await page.goto(`${http}/w/not-a-code`)
  await expect(page.getByTestId('guest-refusal')).toHaveText('No workshop has this code.')
  await expect(page.getByTestId('guest-join')).toHaveCount(0)
  expect(asked).toEqual(['/w/K7Q42MXR/join'])
  expect(await violations(page)).toEqual([])
})

test('the facilitator ends the workshop: the guest is told when, the text stays and can no longer be changed, after a reload too', async ({
  browser,
  processes,
}) => {
  const relay = await processes.relay()
  const workshop = await workshopOnRelay(relay, processes.invite(relay, { network: 'streets', role: 'facilitator', name: 'Fatima', city: 'Paris' }))
  try {
    const page = await guestPage(browser)
    await page.goto(workshop.link)
    await join(page, 'Ana', 'Lima')
    await section(page, 'Decisions').click()
    await page.keyboard.type('Start in May.')
    await expect.poll(workshop.text).toContain('Start in May.')
    await workshop.end()
    await expect(page.getByTestId('guest-ended')).toContainText(/^This workshop ended at \d{1,2}:\d{2}/)
    await expect(body(page)).toHaveAttribute('contenteditable', 'false')
    await expect(section(page, 'Decisions')).toHaveText('Start in May.')
    await expect(page.getByRole('button', { name: 'Comment' })).toBeHidden()
    await page.screenshot({ path: 'test-results/guest-ended.png' })
    await page.reload()
    await expect(page.getByTestId('guest-ended')).toContainText('This workshop ended at')
    await expect(section(page, 'Decisions')).toHaveText('Start in May.')
    expect(await violations(page)).toEqual([])
  } finally {
    workshop.stop()
  }
})
