import { gzipSync } from 'node:zlib'
import type Long from 'long'
import { ID_GZIP_PACKED, ID_RPC_RESULT, inflate, TlDecodeError } from '../tl/index.js'
import { constructorOf } from './container.js'
import { readLong, writeLong } from './envelope.js'

/** rpc_result's constructor and req_msg_id: the 12 bytes before the result. */
export function rpcResultHeader(reqMsgId: Long): Uint8Array {
  const out = new Uint8Array(12)
  const view = new DataView(out.buffer)
  view.setUint32(0, ID_RPC_RESULT, true)
  writeLong(view, 4, reqMsgId)
  return out
}

/** Reads rpc_result, returning the result's bytes with any gzip_packed layer removed. */
export function decodeRpcResult(body: Uint8Array): { reqMsgId: Long; result: Uint8Array } | undefined {
  if (body.length < 4 || constructorOf(body) !== ID_RPC_RESULT) return undefined
  if (body.length < 16) throw new TlDecodeError('truncated rpc_result', 0)
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  let result = body.subarray(12)
  if (constructorOf(result) === ID_GZIP_PACKED) result = unpackGzip(result)
  return { reqMsgId: readLong(view, 4), result }
}

function unpackGzip(boxed: Uint8Array): Uint8Array {
  const first = boxed[4] ?? 0
  const long = first === 254
  const length = long ? (boxed[5] ?? 0) | ((boxed[6] ?? 0) << 8) | ((boxed[7] ?? 0) << 16) : first
  const start = 4 + (long ? 4 : 1)
  if (start + length > boxed.length) throw new TlDecodeError('truncated gzip_packed', 4)
  return inflate(boxed.subarray(start, start + length), 4)
}

/** Wraps a serialized object in gzip_packed when that makes it smaller. */
export function maybeGzip(boxed: Uint8Array, threshold = 512): Uint8Array {
  if (boxed.length < threshold) return boxed
  const packed = gzipSync(boxed, { level: 1 })
  if (packed.length + 8 >= boxed.length) return boxed
  const header = packed.length < 254 ? 1 : 4
  const out = new Uint8Array(4 + Math.ceil((header + packed.length) / 4) * 4)
  const view = new DataView(out.buffer)
  view.setUint32(0, ID_GZIP_PACKED, true)
  if (header === 1) out[4] = packed.length
  else view.setUint32(4, 254 | (packed.length << 8), true)
  out.set(packed, 4 + header)
  return out
}
