import { Component, type ErrorInfo, type ReactNode } from 'react'
import { Translation } from 'react-i18next'

interface Props {
  children: ReactNode
  /** Where "Back to the library" goes; without it, only reloading is offered. */
  onBack?: () => void
  /** Told of each error caught, with the components it was thrown in, for the log. */
  onError: (error: Error, componentStack: string) => void
}

/**
 * What the window shows when a screen fails to render, instead of going blank: what happened, that
 * the documents are safe (they are stored by the back end, not by the page), and a way back. The
 * error goes to the back end's log (`app.logRenderError`).
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.props.onError(error, info.componentStack ?? '')
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    const { onBack } = this.props
    return (
      <Translation>
        {(t) => (
          <section className="crashed" role="alert" aria-labelledby="crashed-title">
            <h1 id="crashed-title">{t('app.crashed.title')}</h1>
            <p>{t('app.crashed.body', { message: error.message })}</p>
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
                  {t('app.crashed.back')}
                </button>
              )}
              <button type="button" onClick={() => location.reload()}>
                {t('app.crashed.reload')}
              </button>
            </div>
          </section>
        )}
      </Translation>
    )
  }
}
