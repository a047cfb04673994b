import { randomBytes } from 'node:crypto'
import { ControlError } from './control-error.js'

/** The fake-TLS domain of a generated secret. */
const DEFAULT_DOMAIN = 'www.example.com'

/**
 * An MTProxy secret in hex, as links carry it: 32 hex digits, `dd` + 32, or
 * `ee` + 32 + the fake-TLS domain in hex. Without one, a fresh `ee` secret.
 */
export function mtproxySecret(text?: string): { hex: string; bytes: Uint8Array } {
  const hex =
    text === undefined
      ? `ee${randomBytes(16).toString('hex')}${Buffer.from(DEFAULT_DOMAIN).toString('hex')}`
      : text.trim().toLowerCase()
  const ok =
    /^(dd)?[0-9a-f]{32}$/.test(hex) ||
    (/^ee[0-9a-f]{32}([0-9a-f]{2})+$/.test(hex) && hex.length <= 34 + 2 * 253)
  if (!ok)
    throw new ControlError(
      'the MTProxy secret must be 32 hex digits, dd + 32 hex digits, or ee + 32 hex digits + a domain in hex',
    )
  return { hex, bytes: Buffer.from(hex, 'hex') }
}

/** The `tg://proxy` link a client takes (`tgfetch --proxy`, Telegram's apps). */
export function mtproxyLink(host: string, port: number, secretHex: string): string {
  const params = new URLSearchParams({ server: host, port: String(port), secret: secretHex })
  return `tg://proxy?${params}`
}
