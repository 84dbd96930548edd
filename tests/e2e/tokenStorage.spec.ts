import { statSync } from 'node:fs'
import { join } from 'node:path'
import { joinNetwork } from './support/pages.js'
import { expect, test } from './support/processes.js'

test('the networks screen says truthfully where the browser shell keeps invites, and the file is its owner’s only', async ({ page, processes }) => {
  const relay = await processes.relay()
  const shell = await processes.shell()
  await page.goto(shell.url)
  await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Amara Okafor' }))
  await expect(page.getByRole('status').filter({ hasText: 'You joined brt-network.' })).toBeVisible()
  await expect(
    page.getByText('Your invites are saved unencrypted in settings.json, in Casebook’s data folder, which only your user account can read.'),
  ).toBeVisible()
  expect(statSync(join(shell.dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
  expect(statSync(shell.dataDir).mode & 0o777).toBe(0o700)
})
