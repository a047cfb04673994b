import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AccountSessions } from '../client/account-session.js'
import { loginWithPhone } from '../client/auth/login.js'
import { saveLogin } from '../client/auth/save-login.js'
import { DcConnector } from '../client/dc-connector.js'
import type { ServerList } from '../client/servers/server-list.js'
import { AccountStore } from '../client/storage/account-store.js'
import { openStateDatabase } from '../client/storage/database.js'
import { retryTransient } from '../client/transient.js'
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
  const { cluster } = testkit
  const servers: ServerList = {
    name: 'custom',
    dcs: cluster.addresses(),
    rsaKeys: [cluster.rsaKey],
    testMode: false,
  }
  const connector = new DcConnector({ servers, apiId: world.apiId })
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-engine-'))
  const store = new AccountStore(openStateDatabase(dir))
  const sessions: AccountSessions[] = []
  const loggedIn = new Map<string, AccountSessions>()
  return {
    testkit,
    store,
    connector,
    dir,
    async account(pick) {
      const a = world.accounts.find((x) => pick(x) && !x.password)
      if (!a) throw new Error('no such account in the world')
      const known = loggedIn.get(a.phone)
      if (known) return known
      // a hostile profile may drop or stall the login's requests too: log in again, as a user would
      const login = await retryTransient(() =>
        loginWithPhone(connector, {
          phone: a.phone,
          apiHash: world.apiHash,
          code: async () => a.code,
          firstDc: a.dc,
        }),
      )
      login.session.close()
      const saved = saveLogin(store, login, { label: a.phone, kind: 'user', phone: a.phone })
      const s = new AccountSessions(saved, store, connector)
      sessions.push(s)
      loggedIn.set(a.phone, s)
      return s
    },
    async resolve(s, link) {
      return s.onHome((home) => resolveLink(home, link))
    },
    fileOf(item) {
      const loc = item.location
      const id =
        loc._ === 'inputDocumentFileLocation' || loc._ === 'inputPhotoFileLocation' ? loc.id.toString() : ''
      for (const ch of world.channels)
        for (const m of ch.messages) {
          const media = m.media
          if (media && media.id === id) {
            const fileId = media.kind === 'photo' ? media.sizes?.at(-1)?.fileId : media.fileId
            const file = world.files.find((f) => f.id === fileId)
            if (file) return file
          }
        }
      throw new Error(`no world file for ${id}`)
    },
    async close() {
      for (const s of sessions) await s.close()
      await testkit.close()
    },
  }
}
