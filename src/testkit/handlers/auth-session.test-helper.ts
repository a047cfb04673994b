import type { tl } from '@mtcute/tl'
import { expect } from 'vitest'
import { type ClientSession, openClientSession, RpcError } from '../../mtproto/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import type { WorldAccount } from '../world/types.js'

/** Our client's sessions to a cluster's DCs, each on a new auth key; closed together. */
export class TestSessions {
  private readonly open: ClientSession[] = []

  constructor(private readonly cluster: TestkitCluster) {}

  /** `onUpdate` hears what the server pushes on this session (updateLoginToken…) */
  async on(dcId: number, opts: { onUpdate?: (update: unknown) => void } = {}): Promise<ClientSession> {
    const { host, port } = this.cluster.address(dcId)
    const key = this.cluster.cdnKeys.get(dcId) ?? this.cluster.rsaKey
    const { session } = await openClientSession({
      host,
      port,
      dcId,
      transport: 'intermediate',
      publicKeys: [key],
      onUpdate: opts.onUpdate,
    })
    this.open.push(session)
    return session
  }

  closeAll(): void {
    for (const session of this.open.splice(0)) session.close()
  }
}

/** The RpcError a call fails with (fails the test if it succeeds or fails otherwise). */
export async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RpcError)
  return error as RpcError
}

/** auth.sendCode with the world's app credentials. */
export function sendCode(session: ClientSession, cluster: TestkitCluster, phone: string) {
  return session.call({
    _: 'auth.sendCode',
    phoneNumber: phone,
    apiId: cluster.world.apiId,
    apiHash: cluster.world.apiHash,
    settings: { _: 'codeSettings' },
  })
}

/** auth.sendCode + auth.signIn with the account's code, on the session's DC. */
export async function signIn(
  session: ClientSession,
  cluster: TestkitCluster,
  account: WorldAccount,
): Promise<tl.auth.TypeAuthorization> {
  const sent = await sendCode(session, cluster, account.phone)
  if (sent._ !== 'auth.sentCode') throw new Error(`unexpected ${sent._}`)
  return session.call({
    _: 'auth.signIn',
    phoneNumber: account.phone,
    phoneCodeHash: sent.phoneCodeHash,
    phoneCode: account.code,
  })
}

/** The world's first account on a DC matching `filter`. */
export function accountOn(
  cluster: TestkitCluster,
  dc: number,
  filter: (a: WorldAccount) => boolean = (a) => !a.password,
): WorldAccount {
  const account = cluster.world.accounts.find((a) => a.dc === dc && filter(a))
  if (!account) throw new Error(`no such account on DC ${dc}`)
  return account
}
