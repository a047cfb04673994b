import { computeSrpParams, NodeCryptoProvider } from '@mtcute/node/utils.js'
import Long from 'long'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { computeCheck } from 'telegram/Password.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { computeSrpCheck } from '../../client/auth/srp-check.js'
import { pad256 } from '../../crypto/index.js'
import type { tl } from '../../tl/index.js'
import { createSrpPassword, type SrpChallenge, type SrpPassword, srpChallenge, srpVerify } from './server.js'

const PASSWORD = 'correct horse battery staple'

/** account.password as the server sends it for one challenge. */
function accountPassword(pw: SrpPassword, challenge: SrpChallenge): tl.account.RawPassword {
  const algo = {
    _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
    salt1: pw.salt1,
    salt2: pw.salt2,
    g: pw.g,
    p: pad256(pw.p),
  } as const
  return {
    _: 'account.password',
    hasPassword: true,
    currentAlgo: algo,
    srpB: challenge.gB,
    srpId: Long.fromInt(42),
    newAlgo: algo,
    newSecureAlgo: { _: 'securePasswordKdfAlgoPBKDF2HMACSHA512iter100000', salt: new Uint8Array(8) },
    secureRandom: new Uint8Array(32),
  }
}

describe('SRP 2FA (core.telegram.org/api/srp), server side', () => {
  let pw: SrpPassword
  beforeAll(async () => {
    pw = await createSrpPassword(PASSWORD)
  })

  it('keeps salts and a verifier, with Telegram’s group (g = 3, 2048-bit p)', () => {
    expect(pw.salt1).toHaveLength(40)
    expect(pw.salt2).toHaveLength(16)
    expect(pw.g).toBe(3)
    expect(pw.p.toString(2)).toHaveLength(2048)
    expect(pw.v > 1n && pw.v < pw.p).toBe(true)
  })

  it('accepts the proof of the right password from our client, once per challenge', async () => {
    const challenge = srpChallenge(pw)
    expect(challenge.gB).toHaveLength(256)
    const check = await computeSrpCheck(PASSWORD, accountPassword(pw, challenge))
    expect(check.A).toHaveLength(256)
    expect(srpVerify(pw, challenge, check.A, check.M1)).toBe(true)
    // a proof belongs to its challenge: another B refuses it
    expect(srpVerify(pw, srpChallenge(pw), check.A, check.M1)).toBe(false)
  })

  it('refuses a wrong password, a tampered proof and degenerate A', async () => {
    const challenge = srpChallenge(pw)
    const wrong = await computeSrpCheck('wrong', accountPassword(pw, challenge))
    expect(srpVerify(pw, challenge, wrong.A, wrong.M1)).toBe(false)
    const right = await computeSrpCheck(PASSWORD, accountPassword(pw, challenge))
    const m1 = right.M1.slice()
    m1[0]! ^= 1
    expect(srpVerify(pw, challenge, right.A, m1)).toBe(false)
    for (const a of [0n, 1n, pw.p - 1n, pw.p])
      expect(srpVerify(pw, challenge, pad256(a), right.M1)).toBe(false)
  })

  it("accepts mtcute 0.30.3's computeSrpParams", async () => {
    const challenge = srpChallenge(pw)
    const check = await computeSrpParams(
      new NodeCryptoProvider(),
      accountPassword(pw, challenge) as never,
      PASSWORD,
    )
    expect(srpVerify(pw, challenge, check.A, check.M1)).toBe(true)
  })

  it("accepts GramJS 2.26's computeCheck", async () => {
    const challenge = srpChallenge(pw)
    const request = new Api.account.Password({
      hasPassword: true,
      currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1: Buffer.from(pw.salt1),
        salt2: Buffer.from(pw.salt2),
        g: pw.g,
        p: Buffer.from(pad256(pw.p)),
      }),
      srp_B: Buffer.from(challenge.gB),
      srpId: returnBigInt(42),
      newAlgo: new Api.PasswordKdfAlgoUnknown(),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
      secureRandom: Buffer.alloc(32),
    })
    const check = (await computeCheck(request, PASSWORD)) as Api.InputCheckPasswordSRP
    expect(srpVerify(pw, challenge, check.A, check.M1)).toBe(true)
  })
})
