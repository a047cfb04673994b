/**
 * The crash test's child: downloads one link with the engine and prints
 * `bytes <n>` lines as parts become durable, then `done <sha256>`. The
 * parent kills it with SIGKILL at random moments and starts it again.
 * Input (env TGFETCH_CRASH_CHILD): { dir, dcs, rsaKeyPem, apiId, label, link, path }.
 */
import { AccountSessions } from '../client/account-session.js'
import { DcConnector } from '../client/dc-connector.js'
import type { DcEndpoint } from '../client/servers/server-list.js'
import { AccountStore } from '../client/storage/account-store.js'
import { openStateDatabase } from '../client/storage/database.js'
import { parseRsaPublicKeyPem } from '../crypto/index.js'
import { resolveLink } from '../media/resolve.js'
import { DownloadEngine } from './engine.js'

interface ChildInput {
  dir: string
  dcs: DcEndpoint[]
  rsaKeyPem: string
  apiId: number
  label: string
  link: string
  path: string
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.TGFETCH_CRASH_CHILD ?? '{}') as ChildInput
  const servers = {
    name: 'custom' as const,
    dcs: input.dcs,
    rsaKeys: [parseRsaPublicKeyPem(input.rsaKeyPem)],
    testMode: false,
  }
  const store = new AccountStore(openStateDatabase(input.dir))
  const account = store.byLabel(input.label)
  if (!account) throw new Error(`no account ${input.label}`)
  const sessions = new AccountSessions(account, store, new DcConnector({ servers, apiId: input.apiId }))
  const [item] = await resolveLink(await sessions.home(), input.link)
  if (!item) throw new Error('no media')
  const engine = new DownloadEngine({ accounts: [sessions], flushMs: 100, sha256: true })
  const handle = engine.download(item, { path: input.path })
  handle.on('progress', (p) => process.stdout.write(`bytes ${p.bytes}\n`))
  const result = await handle.result
  process.stdout.write(`done ${result.sha256} resumed ${result.resumedBytes}\n`)
  await engine.close()
  await sessions.close()
}

// a failure is an unhandled rejection: stack on stderr, exit 1, as an ES module's top level did
void main()
