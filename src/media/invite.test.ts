import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import { AccountStore } from '../client/storage/account-store.js'
import { openStateDatabase } from '../client/storage/database.js'
import { fetchParts } from '../download/fetch-parts.test-helper.js'
import type { ClientSession } from '../mtproto/index.js'
import { SyntheticContent } from '../testkit/content/synthetic-content.js'
import { type RunningTestkit, startTestkit } from '../testkit/network/testkit.js'
import type { WorldAccount, WorldChannel } from '../testkit/world/types.js'
import { ResolveError, resolveLink } from './resolve.js'
import { storedPeers } from './stored-peers.js'

describe('invite links of a chat the account is not in, against the testkit', () => {
  let testkit: RunningTestkit
  let hidden: WorldChannel
  const sessions: ClientSession[] = []
  const store = new AccountStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-invite-'))))

  beforeAll(async () => {
    testkit = await startTestkit({ seed: 12 })
    hidden = testkit.cluster.world.channels.find((c) => c.invite)!
  })
  afterAll(async () => {
    for (const s of sessions) s.close()
    await testkit.close()
  })

  const login = async (account: WorldAccount) => {
    const { cluster } = testkit
    const connector = new DcConnector({
      servers: { name: 'custom', dcs: cluster.addresses(), rsaKeys: [cluster.rsaKey], testMode: false },
      apiId: cluster.world.apiId,
    })
    const { session } = await loginWithPhone(connector, {
      phone: account.phone,
      apiHash: cluster.world.apiHash,
      code: async () => account.code,
      firstDc: account.dc,
    })
    sessions.push(session)
    const stored = store.create({ label: account.phone, kind: 'user', premium: false, homeDc: account.dc })
    return { session, peers: storedPeers(store, stored.id) }
  }
  const nonMember = (dc: number) =>
    testkit.cluster.world.accounts.find(
      (a) => a.dc === dc && !a.password && !hidden.members.includes(a.userId),
    )!
  const imports = () => testkit.network.accounting.snapshot().total.requests['messages.importChatInvite'] ?? 0

  it('is refused without joinInvites, naming --join; joined with it; then t.me/c/… downloads', async () => {
    const account = testkit.cluster.world.accounts.find((a) => a.dc === 2 && a.premium)!
    expect(hidden.members).not.toContain(account.userId)
    const { session, peers } = await login(account)
    const link = `https://t.me/+${hidden.invite!.hash}`

    const refused = await resolveLink(session, link, peers).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ResolveError)
    expect((refused as ResolveError).message).toContain(link)
    expect((refused as ResolveError).message).toMatch(/not in "tgfetch private".*--join/)
    expect(imports()).toBe(0)
    expect(hidden.members).not.toContain(account.userId)

    expect(await resolveLink(session, link, { ...peers, joinInvites: true })).toEqual([])
    expect(hidden.members).toContain(account.userId)
    expect(imports()).toBe(1)

    // the channel was remembered: its message links open, and the file is the world's, byte for byte
    const [item] = await resolveLink(session, `https://t.me/c/${hidden.id}/1`, peers)
    expect(item).toMatchObject({ fileName: 'secret.bin', dcId: 2 })
    const parts = new Map<number, Uint8Array>()
    await fetchParts([session], item!.location, { size: item!.size, onPart: (o, b) => parts.set(o, b) })
    const hash = createHash('sha256')
    for (const offset of [...parts.keys()].sort((a, b) => a - b)) hash.update(parts.get(offset)!)
    const file = testkit.cluster.world.files.find((f) => f.id === hidden.messages[0]!.media!.fileId)!
    expect(hash.digest('hex')).toBe(new SyntheticContent(file.id, file.size).sha256())

    // a member opening the joinchat/ form again joins nothing
    expect(
      await resolveLink(session, `https://t.me/joinchat/${hidden.invite!.hash}`, {
        ...peers,
        joinInvites: true,
      }),
    ).toEqual([])
    expect(imports()).toBe(1)
  }, 60_000)

  it('an expired or unknown invite is a ResolveError naming the link', async () => {
    const { session, peers } = await login(nonMember(3))
    const unknown = 'https://t.me/+AAAAAAAAAAAAAAAA'
    await expect(resolveLink(session, unknown, { ...peers, joinInvites: true })).rejects.toThrow(
      new ResolveError(unknown, 'the invite link is not valid'),
    )
    hidden.invite!.expired = true
    try {
      const expired = `https://t.me/joinchat/${hidden.invite!.hash}`
      const error = await resolveLink(session, expired, { ...peers, joinInvites: true }).catch((e) => e)
      expect(error).toBeInstanceOf(ResolveError)
      expect((error as ResolveError).message).toBe(`${expired}: the invite link has expired`)
    } finally {
      hidden.invite!.expired = false
    }
    expect(imports()).toBe(1)
  }, 60_000)
})
