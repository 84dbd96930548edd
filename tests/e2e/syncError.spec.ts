import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { casebook } from '../helpers/cli.js'
import { joinNetwork } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

/** The relay's cap here (--max-message-bytes), to keep the file small; Casebook's client does not know it. */
const CAP = 256 * 1024

test('a document the relay refuses shows a calm notice saying what to do, kept across a reload until dismissed, and the failure is in the log file', async ({
  page,
  processes,
}, testInfo) => {
  const relay = await processes.relay(['--max-message-bytes', String(CAP)])
  // Written offline: a case study with one link longer than the relay takes in a message, which
  // Casebook cannot cut (a pasted picture's address, say).
  const dataDir = processes.tempDir()
  const file = join(processes.tempDir(), 'bogota-cycle-map.md')
  writeFileSync(file, `---\ntitle: Bogotá cycle map\nkind: case-study\n---\n\nSee [the map](https://maps.example.org/?tiles=${'A'.repeat(CAP + 1024)}).\n`)
  const imported = await casebook(['import', file, '--network', 'brt-network', '--data', dataDir])
  expect(imported.code).toBe(0)
  const id = imported.stdout.split(/\s/)[0]!

  const shell = await processes.shell(dataDir)
  await page.goto(shell.url)
  const invite = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Gómez' })
  await joinNetwork(page, relay.url, invite)
  const notice = page.getByRole('region', { name: 'Problems' }).getByRole('status')
  await expect(notice).toHaveCount(1)
  await expect(notice).toContainText('“Bogotá cycle map” could not be synced with brt-network.')
  await expect(notice).toContainText(`The relay refused a message of`)
  await expect(notice).toContainText(
    'It is safe on this device. Remove the very large item from it (often a pasted picture, or a link holding one), and Casebook will send it again.',
  )
  await page.screenshot({ path: testInfo.outputPath('sync-error-notice.png') })

  const log = readFileSync(join(dataDir, 'logs', 'casebook.log'), 'utf8')
  // Nothing of the document (its title, its text) and no token is in the log.
  for (const secret of ['Bogotá cycle map', 'maps.example.org', invite, invite.split('.')[2]!]) expect(log).not.toContain(secret)
  const logged = log
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: string; msg: string; document?: string; network?: string; err?: { code?: string; message?: string } })
  // Once: the relay stores what came before the link and its feed announces the document, but a
  // document refused as too large is tried again only once it changes here (docs/SYNC.md).
  expect(logged.filter((line) => line.level === 'error')).toEqual([
    expect.objectContaining({
      msg: `Document ${id} could not be synced with network brt-network.`,
      document: id,
      network: 'brt-network',
      err: expect.objectContaining({ code: 'MESSAGE_TOO_LARGE', message: expect.stringMatching(/^The relay refused a message of \d+ KiB for document/) }),
    }),
  ])

  // A window that starts after the failure (here, the same one reloaded) shows it too, until dismissed.
  await page.reload()
  await expect(notice).toContainText('“Bogotá cycle map” could not be synced with brt-network.')
  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toHaveCount(0)
  await page.reload()
  await expect(page.getByText('Bogotá cycle map').first()).toBeVisible()
  await expect(notice).toHaveCount(0)
})
