import { tlIdOf } from '../../tl/index.js'

export const ID_RPC_ERROR = tlIdOf('mt_rpc_error')
