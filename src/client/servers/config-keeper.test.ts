import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningTestkit, startTestkit } from '../../testkit/network/testkit.js'
import { DcConnector } from '../dc-connector.js'
import { openStateDatabase, type StateDatabase } from '../storage/database.js'
import { ServerConfigStore } from '../storage/server-config-store.js'
import { ServerConfigKeeper } from './config-keeper.js'
import { serverListKey } from './server-config.js'
import type { ServerList } from './server-list.js'

describe('help.getConfig kept in the state database, against the testkit', () => {
  let testkit: RunningTestkit
  let servers: ServerList
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-config-'))
  const databases: StateDatabase[] = []
  beforeAll(async () => {
    testkit = await startTestkit({ seed: 4 })
    const { cluster } = testkit
    servers = { name: 'custom', dcs: cluster.addresses(), rsaKeys: [cluster.rsaKey], testMode: false }
  })
  afterAll(async () => {
    for (const db of databases) db.close()
    await testkit.close()
  })

  const getConfigCalls = () => testkit.network.accounting.snapshot().total.requests['help.getConfig'] ?? 0
  /** what one process has: its own database handle, keeper and connector */
  const run = (now?: () => number) => {
    const db = openStateDatabase(dir)
    databases.push(db)
    const store = new ServerConfigStore(db, serverListKey(servers))
    const keeper = new ServerConfigKeeper(store, now)
    const connector = new DcConnector({ servers, apiId: testkit.cluster.world.apiId, config: keeper })
    const open = async (dcId: number, media = false) => {
      const opened = await connector.open(dcId, undefined, undefined, { media })
      // the refresh rides along with the session's first calls: this test has none
      await keeper.settled()
      opened.session.close()
      return opened.endpoint
    }
    return { store, open, connector, keeper }
  }

  it('is fetched once, stored, reused by the next run, and fetched again once expired', async () => {
    const first = run()
    // the list alone knows no media-only addresses; two DCs at once ask only once
    const [two, four] = await Promise.all([first.open(2, true), first.open(4, true)])
    expect([two.mediaOnly, four.mediaOnly]).toEqual([false, false])
    expect(getConfigCalls()).toBe(1)
    const stored = first.store.load()!
    expect(stored.thisDc).toBeOneOf([2, 4])
    expect(stored.expires * 1000).toBeGreaterThan(Date.now())
    const dc3 = testkit.cluster.address(3)
    expect(stored.dcOptions).toContainEqual(
      expect.objectContaining({ id: 3, port: dc3.port, mediaOnly: true }),
    )
    expect(stored.dcOptions).toContainEqual(expect.objectContaining({ id: 201, cdn: true }))

    // a second process: the stored config chooses addresses, nothing is asked
    const second = run()
    expect(await second.open(3, true)).toMatchObject({ id: 3, port: dc3.port, mediaOnly: true })
    expect(await second.open(3)).toMatchObject({ id: 3, mediaOnly: false })
    expect(getConfigCalls()).toBe(1)

    // a process after `expires`: the first connection asks again and stores the answer
    const later = run(() => (stored.expires + 1) * 1000)
    await later.open(5)
    expect(getConfigCalls()).toBe(2)
    expect(later.store.load()).toMatchObject({ thisDc: 5 })
    expect(later.store.load()!.expires).toBeGreaterThanOrEqual(stored.expires)
  }, 60_000)

  it('is asked for alongside the first calls, not before them', async () => {
    // the answer to help.getConfig is held until the connection has been handed out and used
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    testkit.cluster.server(3).ctx.registry.use(async (request, _ctx, next) => {
      if (request._ === 'help.getConfig') await held
      return next()
    })
    // a clock far ahead: whatever is kept has expired
    const expired = run(() => Date.UTC(2100, 0))
    const calls = getConfigCalls()
    const opened = await expired.connector.open(3)
    expect(await opened.session.call({ _: 'help.getNearestDc' })).toMatchObject({ thisDc: 3 })
    release()
    await expired.keeper.settled()
    expect(getConfigCalls()).toBe(calls + 1)
    expect(expired.store.load()).toMatchObject({ thisDc: 3 })
    opened.session.close()
  }, 60_000)

  it('is kept per server list', () => {
    const other: ServerList = { ...servers, dcs: [{ ...servers.dcs[0]!, port: 1 }] }
    const db = openStateDatabase(dir)
    databases.push(db)
    expect(new ServerConfigStore(db, serverListKey(other)).load()).toBeUndefined()
    expect(new ServerConfigStore(db, serverListKey(servers)).load()).toBeDefined()
  })
})
