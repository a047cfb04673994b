export {
  type BindTempAuthKeyContext,
  type BindTempAuthKeyOptions,
  type BindTempAuthKeyRequest,
  buildBindTempAuthKeyRequest,
  verifyBindTempAuthKey,
} from './bind-temp-key.js'
export {
  type ClientHandshakeOptions,
  type ClientHandshakeResult,
  clientHandshake,
  type PlainRpc,
} from './client-flow.js'
export { innerDataDc } from './common.js'
export { HandshakeError } from './errors.js'
export { generatePq } from './pq.js'
export { v1AesKeyIv, v1MsgKey } from './v1-kdf.js'
