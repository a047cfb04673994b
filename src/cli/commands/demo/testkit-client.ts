import { AccountSessions } from '../../../client/account-session.js'
import { loginWithPhone } from '../../../client/auth/login.js'
import { saveLogin } from '../../../client/auth/save-login.js'
import { DcConnector } from '../../../client/dc-connector.js'
import type { ServerList } from '../../../client/servers/server-list.js'
import { AccountStore } from '../../../client/storage/account-store.js'
import { openStateDatabase } from '../../../client/storage/database.js'
import { retryTransient } from '../../../client/transient.js'
import type { MediaItem } from '../../../media/media-item.js'
import type { RunningTestkit, World, WorldAccount, WorldFile } from '../../../testkit/index.js'

/**
 * Our client wired to a running testkit, as the demo and the engine's tests
 * use it: the cluster as the server list, accounts kept in `dir`.
 */
export interface TestkitClient {
  connector: DcConnector
  store: AccountStore
  /** logs a world account in, as `tgfetch login` does (once per account), and returns its sessions */
  logIn(account: WorldAccount): Promise<AccountSessions>
  /** the world's file behind a media item (a photo's largest size) */
  fileOf(item: MediaItem): WorldFile
  /** closes the sessions of every account logged in (the testkit stays up) */
  close(): Promise<void>
}

export function testkitClient(testkit: RunningTestkit, world: World, dir: string): TestkitClient {
  const { cluster } = testkit
  const servers: ServerList = {
    name: 'custom',
    dcs: cluster.addresses(),
    rsaKeys: [cluster.rsaKey],
    testMode: false,
  }
  const connector = new DcConnector({ servers, apiId: world.apiId })
  const store = new AccountStore(openStateDatabase(dir))
  const loggedIn = new Map<string, AccountSessions>()
  return {
    connector,
    store,
    async logIn(a) {
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
      const sessions = new AccountSessions(saved, store, connector)
      loggedIn.set(a.phone, sessions)
      return sessions
    },
    fileOf(item) {
      const loc = item.location
      const id =
        loc._ === 'inputDocumentFileLocation' || loc._ === 'inputPhotoFileLocation' ? loc.id.toString() : ''
      for (const channel of world.channels)
        for (const message of channel.messages) {
          const media = message.media
          if (media?.id !== id) continue
          // the world lists a photo's sizes from small to large
          const fileId = media.kind === 'photo' ? media.sizes?.at(-1)?.fileId : media.fileId
          const file = world.files.find((f) => f.id === fileId)
          if (file) return file
        }
      throw new Error(`the testkit's world has no file for ${id}`)
    },
    async close() {
      for (const sessions of loggedIn.values()) await sessions.close()
    },
  }
}
