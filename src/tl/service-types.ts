/*
 * MTProto's wrapper constructors that `@mtcute/tl` parses by hand and leaves out
 * of its schema, with the declarations in core.telegram.org/mtproto/serialize
 * and /mtproto/service_messages their ids are the CRC-32 of (tl-id.test.ts
 * checks each). Written out, not computed at load: that would load zlib before
 * a command's first request.
 */
/** vector {t:Type} # [ t ] = Vector t */
export const ID_VECTOR = 0x1cb5c415
/** rpc_result req_msg_id:long result:Object = RpcResult */
export const ID_RPC_RESULT = 0xf35c6d01
/** msg_container messages:vector<%Message> = MessageContainer */
export const ID_MSG_CONTAINER = 0x73f1f8dc
/** gzip_packed packed_data:bytes = Object */
export const ID_GZIP_PACKED = 0x3072cfa1
/** msg_copy orig_message:Message = MessageCopy */
export const ID_MSG_COPY = 0xe06046b2
/** boolTrue = Bool */
export const ID_BOOL_TRUE = 0x997275b5
/** boolFalse = Bool */
export const ID_BOOL_FALSE = 0xbc799737
