import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  isTrustedSender,
  navigationDecision,
  windowOptions,
} from '../../../src/main/electron/security.js'

/** The options src/main/electron passes to Electron, checked without its binary. */
describe("the desktop window's security settings", () => {
  it('isolates and sandboxes the renderer, without Node, webviews, insecure content or, packaged, developer tools', () => {
    const options = windowOptions('/app/dist/electron/preload.cjs', { packaged: true })
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      v8CacheOptions: 'bypassHeatCheck',
    })
  })

  it('has developer tools only when not packaged', () => {
    expect(windowOptions('/app/dist/electron/preload.cjs', { packaged: false }).webPreferences?.devTools).toBe(true)
  })

  it('loads the page from a scheme that behaves like https, with V8’s code cache', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true })
  })

  it('has a Content-Security-Policy that allows only the app’s own scripts and style sheets, and no network', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1).join(' ')]),
    )
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'style-src-attr': "'unsafe-inline'",
      'connect-src': "'none'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
    })
    // Inline style attributes only (collaborators' colours); never inline scripts or style elements.
    expect(CONTENT_SECURITY_POLICY.replace("style-src-attr 'unsafe-inline'", '')).not.toMatch(/unsafe-(inline|eval)|\*|http:/)
  })

  it('keeps the window on the app, sends web links to the system browser and refuses everything else', () => {
    expect(APP_ORIGIN).toBe('casebook-app://app')
    expect(navigationDecision('casebook-app://app/index.html')).toBe('stay')
    expect(navigationDecision('https://www.c40.org/networks')).toBe('open-externally')
    expect(navigationDecision('http://example.org')).toBe('open-externally')
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'casebook-app://elsewhere/index.html',
      'casebook://app/index.html',
      'casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=abc',
      'data:text/html,<b>x</b>',
      'not a url',
      'smb://server/share',
    ]) {
      expect(navigationDecision(url), url).toBe('deny')
    }
  })

  it('accepts IPC only from the app’s own page in its top frame', () => {
    expect(isTrustedSender({ url: 'casebook-app://app/index.html', parent: null })).toBe(true)
    expect(isTrustedSender({ url: 'casebook-app://app/index.html', parent: {} })).toBe(false)
    // The invite links' scheme, which anyone may hand the app, is not the page's.
    expect(isTrustedSender({ url: 'casebook://app/index.html', parent: null })).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false)
    expect(isTrustedSender({ url: 'file:///app/dist/renderer/index.html', parent: null })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
})
