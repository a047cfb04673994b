import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testkitClient } from '../cli/commands/demo/testkit-client.js'
import type { AccountSessions } from '../client/account-session.js'
import type { DcConnector } from '../client/dc-connector.js'
import type { AccountStore } from '../client/storage/account-store.js'
import type { MediaItem } from '../media/media-item.js'
import { resolveLink } from '../media/resolve.js'
import type { NetworkProfile } from '../testkit/network/profiles.js'
import { type RunningTestkit, startTestkit } from '../testkit/network/testkit.js'
import { generateWorld } from '../testkit/world/generate.js'
import type { World, WorldAccount, WorldFile } from '../testkit/world/types.js'

/** A testkit with our client logged in to some of its accounts: the engine's e2e fixture. */
export interface EngineFixture {
  testkit: RunningTestkit
  store: AccountStore
  connector: DcConnector
  dir: string
  /** logs in (once per world account) and returns the account's sessions */
  account(pick: (a: WorldAccount) => boolean): Promise<AccountSessions>
  resolve(sessions: AccountSessions, link: string): Promise<MediaItem[]>
  fileOf(item: MediaItem): WorldFile
  close(): Promise<void>
}

export async function engineFixture(
  opts: { profile?: string | NetworkProfile; seed?: number; largeFileSize?: number; world?: World } = {},
): Promise<EngineFixture> {
  const seed = opts.seed ?? opts.world?.seed ?? 11
  const world = opts.world ?? generateWorld({ seed, largeFileSize: opts.largeFileSize ?? 24 * 1024 * 1024 })
  const testkit = await startTestkit({ profile: opts.profile ?? 'lan', seed, world })
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-engine-'))
  // the demo's client wiring: one way to log our client in to a testkit
  const client = testkitClient(testkit, world, dir)
  return {
    testkit,
    store: client.store,
    connector: client.connector,
    dir,
    async account(pick) {
      const a = world.accounts.find((x) => pick(x) && !x.password)
      if (!a) throw new Error('no such account in the world')
      return client.logIn(a)
    },
    async resolve(s, link) {
      return s.onHome((home) => resolveLink(home, link))
    },
    fileOf: (item) => client.fileOf(item),
    async close() {
      await client.close()
      await testkit.close()
    },
  }
}
