import { describe, expect, it } from 'vitest'
import type { MediaItem } from '../media/media-item.js'
import { ResendRequiredError } from '../mtproto/index.js'
import type { DcPool } from './dc-pool.js'
import type { EngineAccount } from './engine-account.js'
import type { DownloadNotice } from './events.js'
import { PartFetcher } from './part-fetcher.js'
import { PartRecovery } from './part-recovery.js'
import { PartSource } from './part-source.js'
import type { TaskHooks } from './task-hooks.js'

const part = { index: 3, offset: 3 * 1048576, limit: 1048576, length: 1048576 }
const lost = { kind: 'auth-unregistered' } as const

function setup() {
  const delays: number[] = []
  const putBack: number[] = []
  const failed: Error[] = []
  const resets: number[] = []
  const notices: DownloadNotice[] = []
  const pool = {} as DcPool
  const hooks: TaskHooks = {
    pool: () => pool,
    resetPool: (_source, dcId) => resets.push(dcId),
    notice: (n) => notices.push(n),
  }
  const account = { label: 'acct', premium: false } as EngineAccount
  const item = { dcId: 2, location: { _: 'inputDocumentFileLocation' } } as unknown as MediaItem
  const source = new PartSource(account, item, true)
  const recovery = new PartRecovery({
    putBack: (i) => putBack.push(i),
    fail: (e) => failed.push(e),
    signal: new AbortController().signal,
    fetcher: new PartFetcher({ verify: false, cdn: false, pool: hooks.pool }),
    hooks,
    sleep: async (ms) => {
      delays.push(ms)
    },
  })
  return { recovery, source, pool, putBack, failed, resets, notices, delays }
}

describe('PartRecovery: a lost authorization', () => {
  it('is imported again; new keys refused before they delivered anything twice in a row end the download', async () => {
    const t = setup()
    await t.recovery.recover(t.source, part, lost)
    expect(t.resets).toEqual([2])
    expect(t.putBack).toEqual([3])
    expect(t.failed).toHaveLength(0)
    // two losses can come close together: one more import
    await t.recovery.recover(t.source, part, lost)
    expect(t.resets).toEqual([2, 2])
    expect(t.failed).toHaveLength(0)
    await t.recovery.recover(t.source, part, lost)
    expect(t.resets).toEqual([2, 2])
    expect(t.failed).toHaveLength(1)
    expect(t.failed[0]!.message).toMatch(/rejected its key again after 2 new authorizations/)
  })

  it('lost again after the new key delivered a part: a new loss, imported again (the count starts over)', async () => {
    const t = setup()
    for (let i = 0; i < 4; i++) {
      await t.recovery.recover(t.source, part, lost)
      t.recovery.keyWorks(t.source, t.pool)
    }
    expect(t.resets).toEqual([2, 2, 2, 2])
    expect(t.failed).toHaveLength(0)
    expect(t.notices.filter((n) => /forgot the authorization/.test(n.message))).toHaveLength(4)
  })

  it('an error only an authorized key gets (FILE_MIGRATE) proves the new key too', async () => {
    const t = setup()
    await t.recovery.recover(t.source, part, lost)
    await t.recovery.recover(t.source, part, lost)
    await t.recovery.recover(t.source, part, { kind: 'migrate', dcId: 2 }, t.pool)
    await t.recovery.recover(t.source, part, lost)
    expect(t.resets).toEqual([2, 2, 2])
    expect(t.failed).toHaveLength(0)
  })

  it('an answer through a pool already replaced proves nothing', async () => {
    const t = setup()
    await t.recovery.recover(t.source, part, lost)
    await t.recovery.recover(t.source, part, lost)
    t.recovery.keyWorks(t.source, {} as DcPool)
    await t.recovery.recover(t.source, part, lost)
    expect(t.failed).toHaveLength(1)
  })
})

describe('PartRecovery: a part the server asked for again (bad_server_salt)', () => {
  it('goes back in the queue to be sent again through the flood gate, a bounded number of times', async () => {
    const t = setup()
    const resend = { kind: 'resend', error: new ResendRequiredError('upload.getFile: asked again') } as const
    await t.recovery.recover(t.source, part, resend)
    expect(t.putBack).toEqual([3])
    expect(t.failed).toHaveLength(0)
    // a server that asks for the same part forever does not keep the download busy forever
    for (let i = 0; i < 20 && t.failed.length === 0; i++) await t.recovery.recover(t.source, part, resend)
    expect(t.failed).toHaveLength(1)
    expect(t.failed[0]!.message).toMatch(/asked again/)
  })
})

describe('PartRecovery: an expired file reference', () => {
  it('is renewed once for every part that was sent with it, and told once', async () => {
    const t = setup()
    let renewals = 0
    t.source.refresh = async (seen) => {
      if (seen < t.source.generation) return
      renewals++
      t.source.generation++
    }
    // five parts in flight with reference 0; their errors arrive one after another
    for (let i = 0; i < 5; i++)
      await t.recovery.recover(t.source, { ...part, index: i }, { kind: 'file-reference' }, t.pool, 0)
    expect(renewals).toBe(1)
    expect(t.putBack).toEqual([0, 1, 2, 3, 4])
    expect(t.notices.filter((n) => n.kind === 'file-reference')).toHaveLength(1)
    // a part sent with the new reference that expires again: a new renewal, a new notice
    await t.recovery.recover(t.source, part, { kind: 'file-reference' }, t.pool, 1)
    expect(renewals).toBe(2)
    expect(t.notices.filter((n) => n.kind === 'file-reference')).toHaveLength(2)
  })
})

describe('PartRecovery: a part whose connection is reset again and again', () => {
  it('backs off exponentially per part (250 ms · 2^n, at most 5 s): its tries span tens of seconds', async () => {
    const t = setup()
    const reset = { kind: 'connection', error: new Error('read ECONNRESET') } as const
    for (let i = 0; i < 13 && t.failed.length === 0; i++) await t.recovery.recover(t.source, part, reset)
    expect(t.delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000, 5000, 5000])
    expect(t.delays.reduce((a, b) => a + b, 0)).toBeGreaterThan(40_000)
    expect(t.putBack).toHaveLength(12)
    expect(t.failed).toHaveLength(1)
    // another part starts from the shortest wait
    await t.recovery.recover(t.source, { ...part, index: 4 }, reset)
    expect(t.delays.at(-1)).toBe(250)
  })
})
