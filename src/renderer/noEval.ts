import { config } from 'zod'

// The page's CSP forbids eval. zod would try it once, to compile faster parsers, and Chromium
// reports the refusal as an error. Imported first by main.tsx, so that it runs before any parse.
config({ jitless: true })
