import * as z from 'zod'

const manifest = z.object({ homepage: z.url({ protocol: /^https$/ }), bugs: z.object({ email: z.email() }) })

/**
 * Where the Help menu sends the user, from package.json (`packageJson`, its text): the documentation at
 * its homepage, and an email to its bugs address that says which version on which system, for the
 * user to describe the problem in. Nothing else of the machine goes in it: no log, which may name
 * documents and networks, and no invite.
 */
export function helpLinks(packageJson: string, about: { version: string; os: string }): { documentation: string; problemReport: string } {
  const { homepage, bugs } = manifest.parse(JSON.parse(packageJson))
  const subject = `A problem with Casebook ${about.version}`
  const body = [
    'What happened, and what did you expect? (Please leave out invite links and tokens: they let whoever has them join your network.)',
    '',
    '',
    '--',
    `Casebook ${about.version}`,
    about.os,
  ].join('\r\n')
  return {
    documentation: homepage,
    problemReport: `mailto:${bugs.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`,
  }
}
