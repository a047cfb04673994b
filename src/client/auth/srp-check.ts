import {
  bytesToBigInt,
  CryptoError,
  checkDhPublicValue,
  modPow,
  multiplier,
  pad256,
  passwordHash,
  proof,
  type RandomSource,
  randomBigIntBelow,
  scramble,
  secureRandom,
  sha256,
} from '../../crypto/index.js'
import type { tl } from '../../tl/index.js'

/**
 * The client's half of Telegram's 2FA SRP (core.telegram.org/api/srp): from
 * account.getPassword's answer and the password, the inputCheckPasswordSRP
 * for auth.checkPassword. The server's half is testkit/srp/server.ts; the math
 * both roles share is crypto/srp.ts.
 */
export async function computeSrpCheck(
  password: string,
  accountPassword: tl.account.RawPassword,
  random: RandomSource = secureRandom,
): Promise<tl.RawInputCheckPasswordSRP> {
  const algo = accountPassword.currentAlgo
  const { srpB, srpId } = accountPassword
  if (algo?._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow' || !srpB || !srpId)
    throw new TypeError('the account has no password of a known algorithm')
  const p = bytesToBigInt(algo.p)
  const g = BigInt(algo.g)
  const gB = bytesToBigInt(srpB)
  checkDhPublicValue(gB, p)

  const x = bytesToBigInt(await passwordHash(password, algo.salt1, algo.salt2))
  const v = modPow(g, x, p)
  const k = multiplier(algo.g, p)
  for (;;) {
    const a = randomBigIntBelow(p, random)
    const gA = modPow(g, a, p)
    try {
      checkDhPublicValue(gA, p)
    } catch (e) {
      if (e instanceof CryptoError) continue
      throw e
    }
    const paddedA = pad256(gA)
    const paddedB = pad256(gB)
    const u = scramble(paddedA, paddedB)
    if (u === 0n) continue
    const t = (((gB - k * v) % p) + p) % p
    const s = modPow(t, a + u * x, p)
    const m1 = proof(p, algo.g, algo.salt1, algo.salt2, paddedA, paddedB, sha256(pad256(s)))
    return { _: 'inputCheckPasswordSRP', srpId, A: paddedA, M1: m1 }
  }
}
