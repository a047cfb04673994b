import Long from 'long'
import {
  bigIntToBytes,
  bytesEqual,
  bytesToBigInt,
  checkDhParams,
  checkDhPublicValue,
  createAesIge,
  factorizePq,
  handshakeAesKeyIv,
  initialServerSalt,
  modPow,
  newNonceHash,
  type RandomSource,
  type RsaPublicKey,
  rsaLegacyEncrypt,
  rsaPadEncrypt,
  secureRandom,
} from '../../crypto/index.js'
import { type mtp, serializeTl } from '../../tl/index.js'
import {
  bytesField,
  checkNonces,
  expectObject,
  guardCrypto,
  innerDataDc,
  intField,
  longFromBytes,
  pickDhExponent,
  readHashedObject,
  retryIdOf,
  type TlRecord,
  withHashAndPadding,
} from './common.js'
import { HandshakeError } from './errors.js'

/**
 * Sends one unencrypted MTProto message (auth_key_id = 0) and resolves with the
 * decoded reply object. Implemented by the connection.
 */
export interface PlainRpc {
  call(request: { _: string }, signal?: AbortSignal): Promise<unknown>
}

export interface ClientHandshakeOptions {
  /** the DC we talk to (positive, without the +10000 of test DCs) */
  dcId: number
  /** Telegram's public keys; one must match a fingerprint the server offers */
  publicKeys: RsaPublicKey[]
  /** create a temporary key (p_q_inner_data_temp_dc) living `expiresIn` seconds */
  temp?: { expiresIn: number }
  testMode?: boolean
  mediaOnly?: boolean
  /** encrypt p_q_inner_data with legacy RSA instead of RSA_PAD */
  legacyRsa?: boolean
  random?: RandomSource
  /** local clock, ms */
  now?: () => number
  signal?: AbortSignal
  /** dh_gen_retry answers accepted before giving up (default 5) */
  maxRetries?: number
}

export interface ClientHandshakeResult {
  /** 256 bytes */
  authKey: Uint8Array
  serverSalt: Long
  /** seconds, server_time - local time */
  timeOffset: number
  /** unix seconds (server clock), temp keys only */
  expiresAt?: number
}

/** Largest pq we agree to factor: Telegram's is below 2^63, so 8 bytes. */
const MAX_PQ_BYTES = 8
/** 2048-bit prime: g_a and g_b are sent as 256-byte strings. */
const DH_BYTES = 256

/**
 * Creates an auth key with the server behind `rpc`, following core.telegram.org/mtproto/auth_key.
 * The other role is server-flow.ts: the checks both make are in common.ts;
 * the steps stay apart, being each role's own.
 */
export async function clientHandshake(
  rpc: PlainRpc,
  opts: ClientHandshakeOptions,
): Promise<ClientHandshakeResult> {
  const random = opts.random ?? secureRandom
  const now = opts.now ?? Date.now
  const { signal } = opts
  const call = async (request: { _: string }): Promise<unknown> => {
    signal?.throwIfAborted()
    const reply = await rpc.call(request, signal)
    signal?.throwIfAborted()
    return reply
  }

  // 1-2) req_pq_multi → resPQ
  const nonce = random(16)
  const reqPq: mtp.RawMt_req_pq_multi = { _: 'mt_req_pq_multi', nonce }
  const resPq = expectObject(await call(reqPq), 'mt_resPQ')
  checkNonces(resPq, nonce)
  const serverNonce = bytesField(resPq, 'serverNonce', 16)
  const publicKey = pickKey(resPq.serverPublicKeyFingerprints, opts.publicKeys)

  // 3) proof of work
  const pqBytes = bytesField(resPq, 'pq')
  if (pqBytes.length === 0 || pqBytes.length > MAX_PQ_BYTES) {
    throw new HandshakeError('BAD_PQ', `pq of ${pqBytes.length} bytes`)
  }
  const [p, q] = guardCrypto('BAD_PQ', () => factorizePq(bytesToBigInt(pqBytes)))
  const pBytes = bigIntToBytes(p)
  const qBytes = bigIntToBytes(q)

  // 4-5) p_q_inner_data, encrypted with the server's key → req_DH_params
  const newNonce = random(32)
  const dc = innerDataDc(opts.dcId, opts.testMode, opts.mediaOnly)
  const common = { pq: pqBytes, p: pBytes, q: qBytes, nonce, serverNonce, newNonce, dc }
  const inner: mtp.RawMt_p_q_inner_data_dc | mtp.RawMt_p_q_inner_data_temp_dc = opts.temp
    ? { _: 'mt_p_q_inner_data_temp_dc', ...common, expiresIn: opts.temp.expiresIn }
    : { _: 'mt_p_q_inner_data_dc', ...common }
  const innerData = serializeTl(inner)
  const encryptedData = opts.legacyRsa
    ? rsaLegacyEncrypt(innerData, publicKey, random)
    : rsaPadEncrypt(innerData, publicKey, random)
  const reqDh: mtp.RawMt_req_DH_params = {
    _: 'mt_req_DH_params',
    nonce,
    serverNonce,
    p: pBytes,
    q: qBytes,
    publicKeyFingerprint: Long.fromBigInt(BigInt.asIntN(64, publicKey.fingerprint)),
    encryptedData,
  }
  const dhParams = expectObject(await call(reqDh), 'mt_server_DH_params_ok', 'mt_server_DH_params_fail')
  checkNonces(dhParams, nonce, serverNonce)
  if (dhParams._ !== 'mt_server_DH_params_ok') throw new HandshakeError('DH_PARAMS_FAIL')

  // 6) server_DH_inner_data under the temporary AES key
  const { key: tmpKey, iv: tmpIv } = handshakeAesKeyIv(serverNonce, newNonce)
  const encryptedAnswer = bytesField(dhParams, 'encryptedAnswer')
  if (encryptedAnswer.length === 0 || encryptedAnswer.length % 16 !== 0) {
    throw new HandshakeError('BAD_ANSWER_HASH', `encrypted_answer of ${encryptedAnswer.length} bytes`)
  }
  const answer = readHashedObject(
    createAesIge(tmpKey, tmpIv).decrypt(encryptedAnswer),
    'mt_server_DH_inner_data',
  )
  checkNonces(answer, nonce, serverNonce)
  const g = intField(answer, 'g')
  const dhPrime = bytesToBigInt(bytesField(answer, 'dhPrime'))
  guardCrypto('BAD_DH_PARAMS', () => checkDhParams(dhPrime, g))
  const gA = bytesToBigInt(bytesField(answer, 'gA'))
  guardCrypto('BAD_DH_PARAMS', () => checkDhPublicValue(gA, dhPrime))
  const serverTime = intField(answer, 'serverTime')
  const timeOffset = serverTime - Math.floor(now() / 1000)

  // 7-9) client_DH_inner_data → dh_gen_ok | dh_gen_retry | dh_gen_fail
  const maxRetries = opts.maxRetries ?? 5
  let retryId = Long.ZERO
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const { x: b, gX: gB } = pickDhExponent(g, dhPrime, random)
    const authKey = bigIntToBytes(modPow(gA, b, dhPrime), DH_BYTES)
    const clientInner: mtp.RawMt_client_DH_inner_data = {
      _: 'mt_client_DH_inner_data',
      nonce,
      serverNonce,
      retryId,
      gB: bigIntToBytes(gB, DH_BYTES),
    }
    const encrypted = createAesIge(tmpKey, tmpIv).encrypt(
      withHashAndPadding(serializeTl(clientInner), random),
    )
    const setParams: mtp.RawMt_set_client_DH_params = {
      _: 'mt_set_client_DH_params',
      nonce,
      serverNonce,
      encryptedData: encrypted,
    }
    const result = expectObject(await call(setParams), 'mt_dh_gen_ok', 'mt_dh_gen_retry', 'mt_dh_gen_fail')
    checkNonces(result, nonce, serverNonce)
    if (result._ === 'mt_dh_gen_ok') {
      checkNewNonceHash(result, 'newNonceHash1', newNonceHash(newNonce, authKey, 1))
      return {
        authKey,
        serverSalt: longFromBytes(initialServerSalt(newNonce, serverNonce)),
        timeOffset,
        ...(opts.temp ? { expiresAt: serverTime + opts.temp.expiresIn } : {}),
      }
    }
    if (result._ === 'mt_dh_gen_retry') {
      checkNewNonceHash(result, 'newNonceHash2', newNonceHash(newNonce, authKey, 2))
      retryId = retryIdOf(authKey)
      continue
    }
    checkNewNonceHash(result, 'newNonceHash3', newNonceHash(newNonce, authKey, 3))
    throw new HandshakeError('DH_GEN_FAIL', 'the server refused the key')
  }
  throw new HandshakeError('RETRIES_EXHAUSTED', `${maxRetries} dh_gen_retry answers`)
}

function pickKey(fingerprints: unknown, keys: RsaPublicKey[]): RsaPublicKey {
  if (Array.isArray(fingerprints)) {
    for (const fp of fingerprints) {
      if (!Long.isLong(fp)) continue
      const value = (fp as Long).toSigned().toBigInt()
      const key = keys.find((k) => BigInt.asIntN(64, k.fingerprint) === value)
      if (key) return key
    }
  }
  throw new HandshakeError('NO_KNOWN_KEY', 'no server key fingerprint matches a known public key')
}

function checkNewNonceHash(obj: TlRecord, field: string, expected: Uint8Array): void {
  if (!bytesEqual(bytesField(obj, field, 16, 'BAD_NEW_NONCE_HASH'), expected)) {
    throw new HandshakeError('BAD_NEW_NONCE_HASH', `${obj._}.${field}`)
  }
}
