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
      pollMs: 100,
      onToken: (url) => {
        urls.push(url)
        scanAs(a.userId)(url)
      },
    })
    expect(urls[0]).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/)
    expect([result.dcId, result.user.id]).toEqual([2, a.userId])
    result.session.close()
  })

  it('follows loginTokenMigrateTo to the user’s DC', async () => {
    const a = cluster.world.accounts.find((x) => x.dc === 5)!
    const result = await loginWithQr(connector, {
      apiHash: cluster.world.apiHash,
      pollMs: 100,
      onToken: scanAs(a.userId),
    })
    expect([result.dcId, result.user.id]).toEqual([5, a.userId])
    result.session.close()
  })
})
