import { createHash } from 'node:crypto'
import type { CallContext } from '../../mtproto/server-role/index.js'
import type { DcAddress } from '../cluster/api-context.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import type { WorldFile, WorldMessage } from '../world/types.js'

export { within } from '../../mtproto/e2e/harness.test-helper.js'

/** A message of the public channel `tgfetch_media` and the world file behind its document. */
export function mediaMessage(
  cluster: TestkitCluster,
  msgId: number,
): { message: WorldMessage; file: WorldFile } {
  const channel = cluster.world.channels.find((c) => c.username === 'tgfetch_media')
  const message = channel?.messages.find((m) => m.id === msgId)
  const fileId = message?.media?.fileId
  const file = cluster.world.files.find((f) => f.id === fileId)
  if (!message || !file) throw new Error(`tgfetch_media has no document at message ${msgId}`)
  return { message, file }
}

/** The SHA-256 the testkit's bytes for a file must hash to. */
export function expectedSha256(file: WorldFile): string {
  return new SyntheticContent(file.id, file.size).sha256()
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The users the auth keys a DC knows are logged in as (what auth.importAuthorization leaves behind). */
export function usersLoggedInOn(cluster: TestkitCluster, dcId: number): number[] {
  return cluster.state
    .keysOf(dcId)
    .all()
    .map((authKey) => cluster.state.userOf({ dcId, authKey } as CallContext))
    .filter((u): u is number => u !== undefined)
}

/**
 * The port GramJS must dial for a DC of `cluster` (GramJS dials 80/443 whatever
 * the config says). Once the cluster has closed: port 9, where nothing listens —
 * GramJS's senders for other DCs may still try to reconnect while the next test
 * file runs in this process, and must meet a refusal, not a throw.
 */
export function gramjsPort(cluster: TestkitCluster, dcId: number, pick = (a: DcAddress) => a.port): number {
  try {
    return pick(cluster.address(dcId))
  } catch {
    return 9
  }
}
