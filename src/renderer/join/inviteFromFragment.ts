import { inviteLink, readInviteParams } from '../../shared/protocol/inviteLink.js'

/** What the invite page shows: the invite its address holds, or why it holds none it will open. */
export type InvitePage = { relayUrl: string; link: string } | { refusal: string }

/**
 * Reads the invite in the page's fragment (`relay=…&invite=…`, the leading # left out), as the
 * relay at `pageHost` served it. The link it offers is made anew from what it read, never the
 * fragment passed through; and it offers none for a relay other than the one that served the page,
 * which would lend that relay's name to someone else's invite.
 */
export function inviteFromFragment(fragment: string, pageHost: string): InvitePage {
  if (!fragment) return { refusal: 'This link holds no invite. Ask whoever invited you to send the whole link again.' }
  const invite = readInviteParams(fragment)
  if (!invite) {
    return {
      refusal: 'This link does not hold an invite that Casebook made: part of it may be missing or changed. Ask whoever invited you to send it again.',
    }
  }
  const relayHost = invite.relayUrl.replace(/^wss?:\/\//i, '').split('/')[0]!
  if (relayHost.toLowerCase() !== pageHost.toLowerCase()) {
    return {
      refusal: `This invite is to another relay (${invite.relayUrl}) than the one that showed this page. Ask whoever invited you to send the link again.`,
    }
  }
  return { relayUrl: invite.relayUrl, link: inviteLink(invite.relayUrl, invite.token) }
}
