/** The IPC channel names between the preload and the main process; nothing else is listened to. */
export const CHANNELS = {
  request: 'casebook:request',
  event: 'casebook:event',
  document: 'casebook:document',
} as const
