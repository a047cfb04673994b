// Test support for the importers' fuzz tests: a seeded PRNG and byte mutations.
// Not used by the importers themselves.

import { seededRandom } from '../../crypto/index.js'
import { type ImportedSession, SessionImportError } from './common.js'

/** One random mutation of `input`: flip, overwrite, truncate, extend, delete or duplicate bytes. */
export function mutateBytes(input: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rand() * n)
  const out = new Uint8Array(input)
  switch (pick(6)) {
    case 0: {
      for (let i = 1 + pick(3); i > 0 && out.length; i--) out[pick(out.length)]! ^= 1 << pick(8)
      return out
    }
    case 1: {
      const interesting = [0, 1, 0x7f, 0x80, 0xff]
      for (let i = 1 + pick(4); i > 0 && out.length; i--) out[pick(out.length)] = interesting[pick(5)]!
      return out
    }
    case 2:
      return out.subarray(0, pick(out.length + 1))
    case 3: {
      const extra = new Uint8Array(1 + pick(64)).map(() => pick(256))
      const res = new Uint8Array(out.length + extra.length)
      res.set(out)
      res.set(extra, out.length)
      return res
    }
    case 4: {
      const at = pick(out.length + 1)
      const len = pick(Math.min(32, out.length - at) + 1)
      const res = new Uint8Array(out.length - len)
      res.set(out.subarray(0, at))
      res.set(out.subarray(at + len), at)
      return res
    }
    default: {
      const at = pick(out.length + 1)
      const len = pick(Math.min(16, out.length - at) + 1)
      const res = new Uint8Array(out.length + len)
      res.set(out.subarray(0, at + len))
      res.set(out.subarray(at), at + len)
      return res
    }
  }
}

/** One random edit of a string (replace, delete, insert, truncate) from `alphabet`. */
export function mutateString(input: string, rand: () => number, alphabet: string): string {
  const pick = (n: number) => Math.floor(rand() * n)
  const at = pick(input.length + 1)
  const ch = alphabet[pick(alphabet.length)] ?? 'A'
  switch (pick(4)) {
    case 0:
      return input.slice(0, at) + ch + input.slice(at + 1)
    case 1:
      return input.slice(0, at) + input.slice(at + 1)
    case 2:
      return input.slice(0, at) + ch + input.slice(at)
    default:
      return input.slice(0, at)
  }
}

export const BASE64_FUZZ_ALPHABET = 'ABCxyz019+/-_=. \u00e9\0'

/**
 * Runs a parser on a fuzzed input: it must either return a well-formed session or refuse
 * with a SessionImportError naming `format`. Anything else (TypeError, RangeError…) is rethrown.
 */
export async function parsesOrRefuses(
  format: string,
  run: () => ImportedSession | Promise<ImportedSession>,
): Promise<'parsed' | 'refused'> {
  let s: ImportedSession
  try {
    s = await run()
  } catch (e) {
    if (e instanceof SessionImportError && e.format === format && e.message.startsWith(`${format} session: `))
      return 'refused'
    throw e
  }
  if (!(s.authKey instanceof Uint8Array) || s.authKey.length !== 256 || s.authKey.every((b) => b === 0))
    throw new Error(`${format}: parsed a session with a bad auth key`)
  if (!Number.isInteger(s.dcId) || s.dcId < 1 || s.dcId > 1000)
    throw new Error(`${format}: bad DC id ${s.dcId}`)
  return 'parsed'
}

export { seededRandom }
