import {
  bytesEqual,
  CryptoError,
  type RsaPrivateKey,
  rsaLegacyDecrypt,
  rsaPadDecrypt,
} from '../../crypto/index.js'
import { bytesField, checkNonces, expectObject, intField, readObjectAt } from './common.js'
import { HandshakeError } from './errors.js'

/** What req_DH_params must agree with: the server's own resPQ. */
export interface PqChallenge {
  nonce: Uint8Array
  serverNonce: Uint8Array
  pq: Uint8Array
  /** p and q as the client sent them in req_DH_params (already checked) */
  p: Uint8Array
  q: Uint8Array
  /** this DC: the inner `dc` may be ±dcId or ±(dcId + 10000) */
  dcId: number
}

export interface AcceptedInnerData {
  newNonce: Uint8Array
  dc: number
  /** temp keys only */
  expiresIn?: number
}

/**
 * Decrypts req_DH_params.encrypted_data — RSA_PAD first, then, when its hash
 * does not check out and `acceptLegacy`, legacy RSA(SHA1 + data + padding) —
 * and checks the p_q_inner_data_dc / p_q_inner_data_temp_dc inside.
 */
export function acceptInnerData(
  encrypted: Uint8Array,
  key: RsaPrivateKey,
  acceptLegacy: boolean,
  challenge: PqChallenge,
): AcceptedInnerData {
  const inner = expectObject(
    readObjectAt(decrypt(encrypted, key, acceptLegacy), 0, 'BAD_ENCRYPTED_DATA').obj,
    'mt_p_q_inner_data_dc',
    'mt_p_q_inner_data_temp_dc',
    'mt_p_q_inner_data',
  )
  checkNonces(inner, challenge.nonce, challenge.serverNonce)
  const same =
    bytesEqual(bytesField(inner, 'pq'), challenge.pq) &&
    bytesEqual(bytesField(inner, 'p'), challenge.p) &&
    bytesEqual(bytesField(inner, 'q'), challenge.q)
  if (!same) throw new HandshakeError('BAD_PQ', 'p_q_inner_data does not match req_DH_params')
  // the old p_q_inner_data (GramJS still sends it) names no DC: it is this one
  const dc = inner._ === 'mt_p_q_inner_data' ? challenge.dcId : intField(inner, 'dc')
  const absDc = Math.abs(dc)
  if (absDc !== challenge.dcId && absDc !== challenge.dcId + 10000) {
    throw new HandshakeError('BAD_DC_ID', `dc ${dc} on DC ${challenge.dcId}`)
  }
  const newNonce = bytesField(inner, 'newNonce', 32)
  if (inner._ !== 'mt_p_q_inner_data_temp_dc') return { newNonce, dc }
  const expiresIn = intField(inner, 'expiresIn')
  if (expiresIn <= 0) throw new HandshakeError('BAD_EXPIRES_IN', `expires_in ${expiresIn}`)
  return { newNonce, dc, expiresIn }
}

function decrypt(encrypted: Uint8Array, key: RsaPrivateKey, acceptLegacy: boolean): Uint8Array {
  if (encrypted.length !== 256) throw new HandshakeError('BAD_ENCRYPTED_DATA', `${encrypted.length} bytes`)
  try {
    return rsaPadDecrypt(encrypted, key)
  } catch (padError) {
    if (!(padError instanceof CryptoError)) throw padError
    if (!acceptLegacy) throw new HandshakeError('BAD_ENCRYPTED_DATA', padError.message, { cause: padError })
  }
  try {
    return rsaLegacyDecrypt(encrypted, key)
  } catch (e) {
    if (e instanceof CryptoError) throw new HandshakeError('BAD_ENCRYPTED_DATA', e.message, { cause: e })
    throw e
  }
}
