import { MAX_PRESENCE_BYTES, MAX_PRESENCE_IDS_PER_CONNECTION, MAX_PRESENCES_PER_CONNECTION } from './presenceLimits.js'

/**
 * The codes the relay closes a connection with, and why. y-websocket clients stop reconnecting on
 * 4400–4499 (a decision reconnecting cannot change) and retry on anything else.
 */
export const CLOSE = {
  goingAway: { code: 1001, reason: 'The relay is shutting down.' },
  messageTooBig: { code: 1009, reason: 'A message was larger than the relay accepts.' },
  storageFailed: { code: 1011, reason: 'The relay could not store updates; try again later.' },
  memoryFull: { code: 1013, reason: 'The relay is short of memory and let this document go; try again later.' },
  badRoom: { code: 4400, reason: 'The address is not /<network>/<document> or /<network>.' },
  tokenMissing: { code: 4401, reason: 'No invite token was given.' },
  tokenInvalid: { code: 4402, reason: 'The invite token is malformed or not signed by this relay.' },
  tokenExpired: { code: 4403, reason: 'The invite token has expired.' },
  tokenRevoked: { code: 4404, reason: 'The invite token has been revoked.' },
  wrongNetwork: { code: 4405, reason: 'The invite token is for another network.' },
  wrongDocument: { code: 4406, reason: "The workshop's token admits to one document and its comments, and this is neither." },
  workshopEnded: { code: 4407, reason: 'The workshop has ended.' },
  removedFromWorkshop: { code: 4408, reason: 'The facilitator removed you from the workshop.' },
  malformedMessage: { code: 4410, reason: 'A message could not be decoded.' },
  unknownMessage: { code: 4411, reason: 'A message had a type the relay does not accept.' },
  invalidUpdate: { code: 4412, reason: 'An update could not be decoded or applied.' },
  documentTooLarge: { code: 4413, reason: 'The document would grow larger than the relay keeps.' },
  updateTooLarge: { code: 4414, reason: 'An update held more items than the relay applies at once.' },
  updateTooCostly: { code: 4415, reason: 'An update would take the relay too long to merge into the document.' },
  tooManyDocumentsAsked: { code: 4416, reason: 'A fetch asked for more documents than the relay answers at once.' },
  historyDeleted: { code: 4417, reason: "An update deleted from a document's version history, which can only be added to." },
  commentRefused: { code: 4418, reason: "A comment was refused: a comments room takes only new comments by the invite's holder." },
  adaptationRefused: {
    code: 4419,
    reason: "An adaptation was refused: the room takes only new references, of the invite's city, to documents the network holds.",
  },
  presenceTooLarge: { code: 4421, reason: `A presence state was larger than ${MAX_PRESENCE_BYTES / 1024} KB.` },
  tooManyPresences: { code: 4422, reason: `A connection announced more than ${MAX_PRESENCES_PER_CONNECTION} presences at once.` },
  tooManyMessages: { code: 4529, reason: 'Too many messages; slow down and reconnect.' },
  tooManyConnectionsForToken: { code: 4530, reason: 'This invite has too many connections open; close some and reconnect.' },
  tooManyConnectionsFromAddress: { code: 4531, reason: 'This address has too many connections open; close some and reconnect.' },
  tooManyDocumentsForToken: { code: 4532, reason: 'This invite has too many documents open; close some and reconnect.' },
  tooManyNewDocuments: { code: 4533, reason: 'This invite started too many new documents in the last minute; reconnect later.' },
  tooManyFailedTokens: { code: 4534, reason: 'Too many failed token checks from this address; try again in a minute.' },
  tooManyPresenceIds: { code: 4535, reason: `A connection announced more than ${MAX_PRESENCE_IDS_PER_CONNECTION} presences in all; reconnect.` },
} as const

export type CloseName = keyof typeof CLOSE
