import { __publicKeyIndex } from '@mtcute/tl/binary/rsa-keys.js'
import type { RsaPublicKey } from '../../crypto/index.js'
import { rsaFingerprint } from '../../crypto/index.js'
import type { DcEndpoint, ServerList } from './server-list.js'

/** Telegram's public keys as `@mtcute/tl` ships them (newest first); fingerprints recomputed, not trusted. */
function telegramKeys(): RsaPublicKey[] {
  return Object.values(__publicKeyIndex)
    .sort((a, b) => Number(a.old) - Number(b.old))
    .map((k) => {
      const n = BigInt(`0x${k.modulus}`)
      const e = BigInt(`0x${k.exponent}`)
      return { n, e, fingerprint: rsaFingerprint(n, e) }
    })
}

const dc = (id: number, host: string, web?: string): DcEndpoint => ({
  id,
  host,
  port: 443,
  mediaOnly: false,
  cdn: false,
  // what Telegram's web apps connect to when TCP is blocked
  ...(web && { urls: { wss: `wss://${web}.web.telegram.org/apiws` } }),
})

/** Telegram's production DCs (core.telegram.org/api/datacenter); help.getConfig refines them. */
export function productionServers(): ServerList {
  return {
    name: 'production',
    testMode: false,
    rsaKeys: telegramKeys(),
    dcs: [
      dc(1, '149.154.175.53', 'pluto'),
      dc(2, '149.154.167.51', 'venus'),
      dc(3, '149.154.175.100', 'aurora'),
      dc(4, '149.154.167.91', 'vesta'),
      dc(5, '91.108.56.130', 'flora'),
    ],
  }
}

/** Telegram's test DCs (`--test-dc`): separate accounts, same keys. */
export function testServers(): ServerList {
  return {
    name: 'test',
    testMode: true,
    rsaKeys: telegramKeys(),
    dcs: [dc(1, '149.154.175.10'), dc(2, '149.154.167.40'), dc(3, '149.154.175.117')],
  }
}
