import { tlConstructorId } from './tl-id.js'

/*
 * MTProto's wrapper constructors that `@mtcute/tl` parses by hand and leaves out
 * of its schema. Their ids are derived from the declarations in
 * core.telegram.org/mtproto/serialize and /mtproto/service_messages.
 */
export const ID_VECTOR = tlConstructorId('vector {t:Type} # [ t ] = Vector t')
export const ID_RPC_RESULT = tlConstructorId('rpc_result req_msg_id:long result:Object = RpcResult')
export const ID_MSG_CONTAINER = tlConstructorId('msg_container messages:vector<%Message> = MessageContainer')
export const ID_GZIP_PACKED = tlConstructorId('gzip_packed packed_data:bytes = Object')
export const ID_MSG_COPY = tlConstructorId('msg_copy orig_message:Message = MessageCopy')
export const ID_BOOL_TRUE = tlConstructorId('boolTrue = Bool')
export const ID_BOOL_FALSE = tlConstructorId('boolFalse = Bool')
