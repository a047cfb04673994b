// Layer 0: every layer may import it; it imports nothing of the project.
export { EXIT, type ExitCode } from './exit-codes.js'
export { type ErrorCategory, TgfetchError } from './tgfetch-error.js'
