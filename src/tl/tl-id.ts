import { crc32 } from 'node:zlib'

/**
 * A TL combinator's id is the CRC32 of its normalized declaration
 * (core.telegram.org/mtproto/TL-abstract-types): no `#id`, no `;`, no braces,
 * `bytes` spelled `string`, `<...>` turned into a space-separated argument and
 * a bare `%Type` written as the lowercase `type`.
 */
export function normalizeTlDeclaration(line: string): string {
  return line
    .replace(/#[0-9a-f]+\b/i, '')
    .replace(/;\s*$/, '')
    .replace(/[{}]/g, '')
    .replace(/\bbytes\b/g, 'string')
    .replace(/%([A-Z])/g, (_, c: string) => c.toLowerCase())
    .replace(/</g, ' ')
    .replace(/>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function tlConstructorId(line: string): number {
  return crc32(normalizeTlDeclaration(line)) >>> 0
}
