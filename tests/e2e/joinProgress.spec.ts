import { join } from 'node:path'
import { seedRelay } from '../helpers/seedRelay.js'
import { joinNetwork } from './support/pages.js'
import { expect, test } from './support/processes.js'

const DOCUMENTS = 1500

test('joining a large network shows how far the whole network is, on every screen, until every document is here', async ({ page, processes }) => {
  const relay = await processes.relay()
  await relay.stop()
  seedRelay(relay.dataDir, 'brt-network', DOCUMENTS)
  await relay.start()
  const { url } = await processes.shell()
  await page.goto(url)

  await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Fernández', city: 'Bogotá' }))
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  const progress = page
    .getByRole('navigation')
    .getByRole('status')
    .filter({ hasText: /^Syncing [\d,]+ of 1,500 documents and images$/ })
  await expect(progress).toBeVisible()
  await page.screenshot({ path: join('test-results', 'join-progress.png') })
  await expect(progress).toBeHidden({ timeout: 30_000 })
  await expect(page.getByRole('navigation').getByRole('status')).toHaveText(['Online'])
  await expect(page.getByText('1,500 documents', { exact: true })).toBeVisible()
})
