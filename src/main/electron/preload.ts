import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { BackendEvent, CasebookBridge, Reply } from '../../shared/ipc/contract.js'
import { CHANNELS } from './channels.js'

/**
 * The renderer's only way to the back end: `window.casebook`, the contract over Electron's IPC.
 * Nothing of ipcRenderer itself is exposed, only these functions.
 */
const bridge: CasebookBridge = {
  request: (channel, input) => ipcRenderer.invoke(CHANNELS.request, channel, input) as Promise<Reply<typeof channel>>,
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, event: BackendEvent) => listener(event)
    ipcRenderer.on(CHANNELS.event, handler)
    return () => ipcRenderer.off(CHANNELS.event, handler)
  },
  sendDocumentMessage(id, message) {
    ipcRenderer.send(CHANNELS.document, id, message)
  },
  onDocumentMessage(listener) {
    const handler = (_event: IpcRendererEvent, id: string, message: Uint8Array) => listener(id, message)
    ipcRenderer.on(CHANNELS.document, handler)
    return () => ipcRenderer.off(CHANNELS.document, handler)
  },
}

contextBridge.exposeInMainWorld('casebook', bridge)
