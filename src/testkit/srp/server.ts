import {
  bytesEqual,
  bytesToBigInt,
  CryptoError,
  checkDhPublicValue,
  modPow,
  multiplier,
  pad256,
  passwordVerifier,
  proof,
  type RandomSource,
  randomBigIntBelow,
  SRP_NUMBER_BYTES,
  scramble,
  secureRandom,
  sha256,
  TELEGRAM_DH_PRIME,
} from '../../crypto/index.js'

/** What the server keeps of a 2FA password: its salts and verifier v = g^x, never the password. */
export interface SrpPassword {
  /** 40 bytes, as Telegram's current_algo has (8 of the server's + 32 the client added) */
  salt1: Uint8Array
  salt2: Uint8Array
  g: number
  p: bigint
  v: bigint
}

/** One account.getPassword answer: the server's secret b and public B = k·v + g^b. */
export interface SrpChallenge {
  b: bigint
  gB: Uint8Array
}

// The server's half of 2FA SRP; the client's is client/auth/srp-check.ts,
// and the math both share is crypto/srp.ts.

/** Salts a password and computes its verifier (PBKDF2 with 100,000 rounds: tens of ms, off the event loop). */
export async function createSrpPassword(
  password: string,
  random: RandomSource = secureRandom,
): Promise<SrpPassword> {
  const salt1 = random(40)
  const salt2 = random(16)
  const g = 3
  const p = TELEGRAM_DH_PRIME
  return { salt1, salt2, g, p, v: await passwordVerifier(password, salt1, salt2, g, p) }
}

/** A fresh B for one login attempt, with B and g^b in the range clients accept. */
export function srpChallenge(pw: SrpPassword, random: RandomSource = secureRandom): SrpChallenge {
  const k = multiplier(pw.g, pw.p)
  for (;;) {
    const b = randomBigIntBelow(pw.p, random)
    const gb = modPow(BigInt(pw.g), b, pw.p)
    const gB = (k * pw.v + gb) % pw.p
    try {
      // clients check both B and B − k·v (GramJS refuses either outside the safe range)
      checkDhPublicValue(gb, pw.p)
      checkDhPublicValue(gB, pw.p)
    } catch (e) {
      if (e instanceof CryptoError) continue
      throw e
    }
    return { b, gB: pad256(gB) }
  }
}

/**
 * Checks the client's inputCheckPasswordSRP { A, M1 } against a challenge:
 * S = (A · v^u)^b, K = H(S), and M1 must equal
 * H(H(p) xor H(g) | H(salt1) | H(salt2) | A | B | K).
 */
export function srpVerify(pw: SrpPassword, challenge: SrpChallenge, gA: Uint8Array, m1: Uint8Array): boolean {
  if (gA.length > SRP_NUMBER_BYTES) return false
  const a = bytesToBigInt(gA)
  if (a <= 1n || a >= pw.p - 1n) return false
  const paddedA = pad256(a)
  const u = scramble(paddedA, challenge.gB)
  if (u === 0n) return false
  const s = modPow((a * modPow(pw.v, u, pw.p)) % pw.p, challenge.b, pw.p)
  const expected = proof(pw.p, pw.g, pw.salt1, pw.salt2, paddedA, challenge.gB, sha256(pad256(s)))
  return bytesEqual(expected, m1)
}
