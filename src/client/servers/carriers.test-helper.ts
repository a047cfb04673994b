import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DownloadEngine } from '../../download/engine.js'
import { resolveLink } from '../../media/resolve.js'
import { expectedSha256, mediaMessage, sha256 } from '../../testkit/e2e/e2e.test-helper.js'
import type { RunningTestkit } from '../../testkit/network/testkit.js'
import { AccountSessions } from '../account-session.js'
import { loginWithPhone } from '../auth/login.js'
import { saveLogin } from '../auth/save-login.js'
import type { DcConnector } from '../dc-connector.js'
import { AccountStore, type StoredAuthKey } from '../storage/account-store.js'
import { openStateDatabase } from '../storage/database.js'
import type { ServerList } from './server-list.js'

/** The testkit as a client sees it from its --json line: every DC's URLs and the pinned certificate. */
export function serversOf(testkit: RunningTestkit): ServerList {
  const { cluster } = testkit
  return {
    name: 'custom',
    dcs: cluster.addresses(),
    rsaKeys: [cluster.rsaKey],
    testMode: false,
    tlsCa: cluster.certificate.cert,
  }
}

/** Logs an account of `dc` in through `connector` and downloads t.me/tgfetch_media/<msgId>: does it hash right? */
export async function loginAndDownload(
  testkit: RunningTestkit,
  connector: DcConnector,
  opts: { dc: number; msgId: number },
): Promise<{
  sha256: string
  expected: string
  sessions: AccountSessions
  key: () => StoredAuthKey | undefined
}> {
  const world = testkit.cluster.world
  const a = world.accounts.find((x) => x.dc === opts.dc && !x.password)!
  const login = await loginWithPhone(connector, {
    phone: a.phone,
    apiHash: world.apiHash,
    code: async () => a.code,
    firstDc: a.dc,
  })
  login.session.close()
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-carrier-'))
  const store = new AccountStore(openStateDatabase(dir))
  const saved = saveLogin(store, login, { label: a.phone, kind: 'user', phone: a.phone })
  const sessions = new AccountSessions(saved, store, connector)
  const engine = new DownloadEngine({ accounts: [sessions] })
  try {
    const [item] = await sessions.onHome((home) =>
      resolveLink(home, `https://t.me/tgfetch_media/${opts.msgId}`),
    )
    const path = join(dir, 'file')
    await engine.download(item!, { path, signal: AbortSignal.timeout(120_000) }).result
    const { file } = mediaMessage(testkit.cluster, opts.msgId)
    const key = () => store.key(saved.id, a.dc)
    return { sha256: sha256(readFileSync(path)), expected: expectedSha256(file), sessions, key }
  } finally {
    await engine.close()
  }
}
