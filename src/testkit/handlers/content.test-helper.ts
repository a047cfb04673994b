import { type ClientSession, openClientSession } from '../../mtproto/index.js'
import type { TestkitCluster } from '../cluster/cluster.js'

/**
 * A client session on a DC, logged in as `userId` straight through the state
 * (no auth.* round trips), or not logged in at all when userId is undefined.
 */
export async function sessionAs(
  cluster: TestkitCluster,
  dcId: number,
  userId: number | undefined,
): Promise<ClientSession> {
  const { port } = cluster.address(dcId)
  const { session } = await openClientSession({
    host: '127.0.0.1',
    port,
    dcId,
    transport: 'intermediate',
    publicKeys: [cluster.rsaKey],
  })
  if (userId !== undefined) cluster.state.authorizeKey(dcId, session.state.authKey.id, userId)
  return session
}
