import type { tl } from '@mtcute/tl'
import { pad256, secureRandom, TELEGRAM_DH_PRIME } from '../../crypto/index.js'
import { RpcError, randomLong } from '../../mtproto/index.js'
import type { CallContext, HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import type { TestkitState } from '../cluster/state.js'
import {
  createSrpPassword,
  type SrpChallenge,
  type SrpPassword,
  srpChallenge,
  srpVerify,
} from '../srp/server.js'
import type { WorldAccount } from '../world/types.js'
import { Expiring, logInAs, loginKeyOf, perState } from './auth-state.js'

/** How long the B of one account.getPassword can be answered. */
const CHALLENGE_TTL_MS = 10 * 60_000

const passwords = perState((state: TestkitState) => ({
  /** login key → the account that proved its code and now owes its password */
  pending: new Map<string, number>(),
  /** account → its salts and verifier, made on first use */
  verifiers: new Map<number, Promise<SrpPassword>>(),
  /** srp_id → the challenge it names */
  challenges: new Expiring<{ userId: number; challenge: SrpChallenge }>(CHALLENGE_TTL_MS, () => state.now()),
}))

/**
 * The last step of a login as an account: done, or — the account has 2FA —
 * 401 SESSION_PASSWORD_NEEDED, and the key waits for auth.checkPassword.
 */
export function logInOrAskPassword(
  state: TestkitState,
  ctx: CallContext,
  account: WorldAccount,
): tl.auth.RawAuthorization {
  if (account.password === undefined) return logInAs(state, ctx, account)
  passwords(state).pending.set(loginKeyOf(ctx), account.userId)
  throw new RpcError(401, 'SESSION_PASSWORD_NEEDED')
}

/** account.getPassword and auth.checkPassword: Telegram's SRP, checked exactly. */
export function registerPasswordHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  const store = passwords(state)

  /** The account a call may ask about: the logged-in user, else the one owing its password. */
  const accountOf = (ctx: CallContext): WorldAccount => {
    const userId = state.userOf(ctx) ?? store.pending.get(loginKeyOf(ctx))
    if (userId === undefined) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
    const user = state.index.user(userId)
    if (!user || 'token' in user) throw new RpcError(400, 'BOT_METHOD_INVALID')
    return user
  }

  const verifierOf = (userId: number, password: string): Promise<SrpPassword> => {
    let verifier = store.verifiers.get(userId)
    if (!verifier) {
      verifier = createSrpPassword(password)
      store.verifiers.set(userId, verifier)
    }
    return verifier
  }

  registry.on('account.getPassword', async (_req, ctx): Promise<tl.account.RawPassword> => {
    const account = accountOf(ctx)
    const fresh = {
      _: 'account.password',
      newAlgo: {
        _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
        salt1: secureRandom(8),
        salt2: secureRandom(16),
        g: 3,
        p: pad256(TELEGRAM_DH_PRIME),
      },
      newSecureAlgo: { _: 'securePasswordKdfAlgoPBKDF2HMACSHA512iter100000', salt: secureRandom(8) },
      secureRandom: secureRandom(256),
    } as const
    if (account.password === undefined) return fresh
    const pw = await verifierOf(account.userId, account.password)
    const challenge = srpChallenge(pw)
    const srpId = randomLong()
    store.challenges.set(srpId.toString(), { userId: account.userId, challenge })
    return {
      ...fresh,
      hasPassword: true,
      currentAlgo: { ...fresh.newAlgo, salt1: pw.salt1, salt2: pw.salt2, g: pw.g, p: pad256(pw.p) },
      srpB: challenge.gB,
      srpId,
    }
  })

  registry.on('auth.checkPassword', async (req, ctx) => {
    const account = accountOf(ctx)
    const input = req.password as tl.TypeInputCheckPasswordSRP
    if (input._ !== 'inputCheckPasswordSRP' || account.password === undefined)
      throw new RpcError(400, 'PASSWORD_HASH_INVALID')
    const id = input.srpId.toString()
    const issued = store.challenges.get(id)
    if (!issued || issued.expired || issued.value.userId !== account.userId)
      throw new RpcError(400, 'SRP_ID_INVALID')
    store.challenges.delete(id)
    const pw = await verifierOf(account.userId, account.password)
    if (!srpVerify(pw, issued.value.challenge, input.A, input.M1))
      throw new RpcError(400, 'PASSWORD_HASH_INVALID')
    store.pending.delete(loginKeyOf(ctx))
    return logInAs(state, ctx, account)
  })
}
