import type { CasebookApi } from '../../shared/ipc/contract.js'

/** Sends a render error to the back end's log; if that fails too, the message on screen is all there is. */
export function logRenderError(api: CasebookApi): (error: Error, componentStack: string) => void {
  return (error, componentStack) =>
    void api
      .request('app.logRenderError', { message: error.message.slice(0, 2000), stack: `${error.stack ?? ''}\nIn:${componentStack}`.slice(0, 20_000) })
      .catch(() => {})
}
