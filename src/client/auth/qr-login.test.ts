import { getEventListeners } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../../testkit/cluster/cluster.js'
import { acceptLoginToken } from '../../testkit/handlers/auth-qr.js'
import { DcConnector } from '../dc-connector.js'
import { loginWithQr } from './qr-login.js'

describe('QR login against the testkit', () => {
  let cluster: TestkitCluster
  let connector: DcConnector
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 12 })
    connector = new DcConnector({
      servers: { name: 'custom', dcs: cluster.addresses(), rsaKeys: [cluster.rsaKey], testMode: false },
      apiId: cluster.world.apiId,
    })
  })
  afterAll(() => cluster.close())

  /** "scans" the shown token with the given account, as another device would */
  const scanAs = (userId: number) => (url: string) => {
    const token = Buffer.from(new URL(url).searchParams.get('token')!, 'base64url')
    setTimeout(() => acceptLoginToken(cluster.state, token, userId), 50)
  }

  it('shows a tg://login token and logs in once it is accepted', async () => {
    const a = cluster.world.accounts.find((x) => x.dc === 2 && !x.password)!
    const urls: string[] = []
    const result = await loginWithQr(connector, {
      apiHash: cluster.world.apiHash,
      onToken: (url) => {
        urls.push(url)
        scanAs(a.userId)(url)
      },
    })
    expect(urls[0]).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/)
    expect([result.dcId, result.user.id]).toEqual([2, a.userId])
    result.session.close()
  })

  it('keeps one QR code up until it is scanned, hears of the scan at once, leaves nothing on its signal', async () => {
    const a = cluster.world.accounts.find((x) => x.dc === 2 && !x.password)!
    const signal = new AbortController().signal
    const started = Date.now()
    let shown = 0
    const result = await loginWithQr(connector, {
      apiHash: cluster.world.apiHash,
      signal,
      onToken: (url) => {
        shown++
        const token = Buffer.from(new URL(url).searchParams.get('token')!, 'base64url')
        // scanned after a while (a client polling every 2 s would have replaced the token by then)
        setTimeout(() => acceptLoginToken(cluster.state, token, a.userId), 2500)
      },
    })
    expect(result.user.id).toBe(a.userId)
    // exporting again would have made a new token (and a new QR code): it waited for updateLoginToken
    expect(shown).toBe(1)
    expect(Date.now() - started).toBeLessThan(10_000)
    // the wait for the scan listened for an abort: it may not still be listening
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
    result.session.close()
  })

  it('follows loginTokenMigrateTo to the user’s DC', async () => {
    const a = cluster.world.accounts.find((x) => x.dc === 5)!
    const result = await loginWithQr(connector, {
      apiHash: cluster.world.apiHash,
      onToken: scanAs(a.userId),
    })
    expect([result.dcId, result.user.id]).toEqual([5, a.userId])
    result.session.close()
  })
})
