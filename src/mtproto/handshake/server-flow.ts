import Long from 'long'
import {
  authKeyId,
  bigIntToBytes,
  bytesEqual,
  bytesToBigInt,
  checkDhPublicValue,
  createAesIge,
  handshakeAesKeyIv,
  initialServerSalt,
  modPow,
  newNonceHash,
  type RandomSource,
  type RsaPrivateKey,
  secureRandom,
  TELEGRAM_DH_PRIME,
} from '../../crypto/index.js'
import { type mtp, serializeTl } from '../../tl/index.js'
import {
  bytesField,
  checkNonces,
  expectObject,
  guardCrypto,
  longField,
  longFromBytes,
  pickDhExponent,
  readHashedObject,
  retryIdOf,
  type TlRecord,
  withHashAndPadding,
} from './common.js'
import { HandshakeError } from './errors.js'
import { generatePq } from './pq.js'
import { acceptInnerData } from './server-inner-data.js'

export interface ServerHandshakeOptions {
  /** this DC's id; the client's `dc` may be ±id or ±(id + 10000) */
  dcId: number
  /** private keys whose fingerprints are offered in resPQ */
  keys: RsaPrivateKey[]
  dhPrime?: bigint
  g?: number
  random?: RandomSource
  /** ms */
  now?: () => number
  /** also accept p_q_inner_data encrypted with legacy RSA (default true) */
  acceptLegacyRsa?: boolean
  /** whether an auth key id is already in use: answered with dh_gen_retry */
  isKeyIdTaken?: (id: Uint8Array) => boolean
  /** dh_gen_retry answers before dh_gen_fail (default 5) */
  maxRetries?: number
}

export interface ServerHandshakeResult {
  authKey: Uint8Array
  serverSalt: Long
  temp: boolean
  /** unix seconds, temp keys only */
  expiresAt?: number
  /** the `dc` the client put in p_q_inner_data */
  dcId: number
}

/** What the server answers: resPQ, server_DH_params_ok, dh_gen_ok/retry/fail. */
export type ServerHandshakeReply =
  | mtp.RawMt_resPQ
  | mtp.RawMt_server_DH_params_ok
  | mtp.RawMt_dh_gen_ok
  | mtp.RawMt_dh_gen_retry
  | mtp.RawMt_dh_gen_fail

type Step = 'req_pq' | 'req_DH_params' | 'set_client_DH_params' | 'done' | 'failed'

interface Exchange {
  nonce: Uint8Array
  serverNonce: Uint8Array
  pq: Uint8Array
  p: bigint
  q: bigint
  newNonce?: Uint8Array
  a?: bigint
  temp?: boolean
  expiresAt?: number
  dc?: number
  retryId: Long
  retries: number
}

/**
 * The server side of one key exchange (one object per connection), as a pure
 * state machine: each request answered in order, anything else — a replay, a
 * step out of order, a bad nonce or hash — is a {@link HandshakeError}, after
 * which the exchange is dead.
 * The client's role is client-flow.ts: the checks both make are in common.ts;
 * the steps stay apart, being each role's own.
 */
export class ServerHandshake {
  private step: Step = 'req_pq'
  private x?: Exchange
  private readonly random: RandomSource
  private readonly now: () => number
  private readonly dhPrime: bigint
  private readonly g: number
  private done?: ServerHandshakeResult

  constructor(private readonly opts: ServerHandshakeOptions) {
    this.random = opts.random ?? secureRandom
    this.now = opts.now ?? Date.now
    this.dhPrime = opts.dhPrime ?? TELEGRAM_DH_PRIME
    this.g = opts.g ?? 3
  }

  /** The negotiated key, once dh_gen_ok has been answered. */
  get result(): ServerHandshakeResult | undefined {
    return this.done
  }

  handle(request: { _: string }): { reply: ServerHandshakeReply } {
    if (this.step === 'failed') throw new HandshakeError('HANDSHAKE_FAILED', 'this exchange already failed')
    try {
      return { reply: this.dispatch(request) }
    } catch (e) {
      this.step = 'failed'
      throw e
    }
  }

  private dispatch(request: { _: string }): ServerHandshakeReply {
    const obj = expectObject(
      request,
      'mt_req_pq_multi',
      'mt_req_pq',
      'mt_req_DH_params',
      'mt_set_client_DH_params',
    )
    const expected = obj._ === 'mt_req_pq_multi' ? 'req_pq' : obj._.slice(3)
    if (expected !== this.step)
      throw new HandshakeError('UNEXPECTED_REQUEST', `${obj._} while expecting ${this.step}`)
    if (this.step === 'req_pq') return this.onReqPq(obj)
    if (this.step === 'req_DH_params') return this.onReqDhParams(obj)
    return this.onSetClientDhParams(obj)
  }

  private onReqPq(req: TlRecord): mtp.RawMt_resPQ {
    const nonce = bytesField(req, 'nonce', 16)
    const { pq, p, q } = generatePq(this.random)
    this.x = { nonce, serverNonce: this.random(16), pq, p, q, retryId: Long.ZERO, retries: 0 }
    this.step = 'req_DH_params'
    return {
      _: 'mt_resPQ',
      nonce,
      serverNonce: this.x.serverNonce,
      pq,
      serverPublicKeyFingerprints: this.opts.keys.map((k) =>
        Long.fromBigInt(BigInt.asIntN(64, k.fingerprint)),
      ),
    }
  }

  private onReqDhParams(req: TlRecord): mtp.RawMt_server_DH_params_ok {
    const x = this.x!
    checkNonces(req, x.nonce, x.serverNonce)
    const p = bytesField(req, 'p')
    const q = bytesField(req, 'q')
    if (!bytesEqual(p, bigIntToBytes(x.p)) || !bytesEqual(q, bigIntToBytes(x.q))) {
      throw new HandshakeError('BAD_PQ', 'p and q are not the factors of pq')
    }
    const fingerprint = longField(req, 'publicKeyFingerprint').toSigned().toBigInt()
    const key = this.opts.keys.find((k) => BigInt.asIntN(64, k.fingerprint) === fingerprint)
    if (!key) throw new HandshakeError('NO_KNOWN_KEY', `unknown fingerprint ${fingerprint}`)

    const accepted = acceptInnerData(
      bytesField(req, 'encryptedData'),
      key,
      this.opts.acceptLegacyRsa ?? true,
      {
        ...x,
        p,
        q,
        dcId: this.opts.dcId,
      },
    )
    const serverTime = Math.floor(this.now() / 1000)
    if (accepted.expiresIn !== undefined) {
      x.temp = true
      x.expiresAt = serverTime + accepted.expiresIn
    }
    x.newNonce = accepted.newNonce
    x.dc = accepted.dc

    const { x: a, gX: gA } = pickDhExponent(this.g, this.dhPrime, this.random)
    x.a = a
    const answer: mtp.RawMt_server_DH_inner_data = {
      _: 'mt_server_DH_inner_data',
      nonce: x.nonce,
      serverNonce: x.serverNonce,
      g: this.g,
      dhPrime: bigIntToBytes(this.dhPrime, 256),
      gA: bigIntToBytes(gA, 256),
      serverTime,
    }
    const { key: tmpKey, iv: tmpIv } = handshakeAesKeyIv(x.serverNonce, x.newNonce)
    this.step = 'set_client_DH_params'
    return {
      _: 'mt_server_DH_params_ok',
      nonce: x.nonce,
      serverNonce: x.serverNonce,
      encryptedAnswer: createAesIge(tmpKey, tmpIv).encrypt(
        withHashAndPadding(serializeTl(answer), this.random),
      ),
    }
  }

  private onSetClientDhParams(req: TlRecord): ServerHandshakeReply {
    const x = this.x!
    const newNonce = x.newNonce!
    checkNonces(req, x.nonce, x.serverNonce)
    const encrypted = bytesField(req, 'encryptedData')
    if (encrypted.length === 0 || encrypted.length % 16 !== 0) {
      throw new HandshakeError('BAD_ANSWER_HASH', `encrypted_data of ${encrypted.length} bytes`)
    }
    const { key: tmpKey, iv: tmpIv } = handshakeAesKeyIv(x.serverNonce, newNonce)
    const inner = readHashedObject(createAesIge(tmpKey, tmpIv).decrypt(encrypted), 'mt_client_DH_inner_data')
    checkNonces(inner, x.nonce, x.serverNonce)
    if (!longField(inner, 'retryId').eq(x.retryId)) throw new HandshakeError('BAD_RETRY_ID')
    const gB = bytesToBigInt(bytesField(inner, 'gB'))
    guardCrypto('BAD_G_B', () => checkDhPublicValue(gB, this.dhPrime))
    const authKey = bigIntToBytes(modPow(gB, x.a!, this.dhPrime), 256)
    const reply = { nonce: x.nonce, serverNonce: x.serverNonce }

    if (this.opts.isKeyIdTaken?.(authKeyId(authKey))) {
      x.retries++
      if (x.retries > (this.opts.maxRetries ?? 5)) {
        this.step = 'failed'
        return { _: 'mt_dh_gen_fail', ...reply, newNonceHash3: newNonceHash(newNonce, authKey, 3) }
      }
      x.retryId = retryIdOf(authKey)
      return { _: 'mt_dh_gen_retry', ...reply, newNonceHash2: newNonceHash(newNonce, authKey, 2) }
    }
    this.done = {
      authKey,
      serverSalt: longFromBytes(initialServerSalt(newNonce, x.serverNonce)),
      temp: x.temp === true,
      ...(x.expiresAt !== undefined ? { expiresAt: x.expiresAt } : {}),
      dcId: x.dc!,
    }
    this.step = 'done'
    return { _: 'mt_dh_gen_ok', ...reply, newNonceHash1: newNonceHash(newNonce, authKey, 1) }
  }
}
