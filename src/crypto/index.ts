export { type AesCtr, cdnPartIv, createAesCtr } from './aes-ctr.js'
export {
  type AesIge,
  createAesIge,
  createNativeAesIge,
  createWasmAesIge,
  type IgeBackend,
  type IgeFunction,
  igeBackend,
  igeDecrypt,
  igeEncrypt,
} from './aes-ige.js'
export { nativeIgeLoadError } from './aes-ige-native.js'
export {
  bigIntToBytes,
  bitLength,
  bytesToBigInt,
  modPow,
  randomBigIntBelow,
  randomBigIntInRange,
  readInt64LE,
} from './bigint.js'
export { bytesEqual, bytesToHex, concatBytes, hexToBytes, xorBytes } from './bytes.js'
export { checkDhParams, checkDhPublicValue, isSafePrime, TELEGRAM_DH_PRIME } from './dh.js'
export { CryptoError, type CryptoErrorCode } from './errors.js'
export { factorizePq } from './factorize.js'
export { sha1, sha256 } from './hash.js'
export {
  decryptMessage,
  encryptMessage,
  MAX_PADDING,
  MESSAGE_HEADER_LENGTH,
  MIN_PADDING,
  type Side,
} from './message-cipher.js'
export {
  type AesKeyIv,
  authKeyId,
  computeMsgKey,
  deriveAesKeyIv,
  handshakeAesKeyIv,
  initialServerSalt,
  type KdfX,
  newNonceHash,
} from './mtproto-kdf.js'
export { type RandomSource, secureRandom, seededRandom } from './random.js'
export * from './rsa.js'
export {
  multiplier,
  pad256,
  passwordHash,
  passwordVerifier,
  proof,
  SRP_NUMBER_BYTES,
  scramble,
} from './srp.js'
