import { Component, type ReactNode } from 'react'

interface Props {
  children: ReactNode
  /** Where "Back to the library" goes; without it, only reloading is offered. */
  onBack?: () => void
}

/**
 * What the window shows when a screen fails to render, instead of going blank: what happened, that
 * the documents are safe (they are stored by the back end, not by the page), and a way back.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    const { onBack } = this.props
    return (
      <section className="crashed" role="alert" aria-labelledby="crashed-title">
        <h1 id="crashed-title">This screen could not be shown</h1>
        <p>
          Casebook ran into a problem while showing it: {error.message} Your documents are safe: everything you wrote is kept on this device.
        </p>
        <div className="crashed-actions">
          {onBack && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                this.setState({ error: null })
                onBack()
              }}
            >
              Back to the library
            </button>
          )}
          <button type="button" onClick={() => location.reload()}>
            Reload the window
          </button>
        </div>
      </section>
    )
  }
}
