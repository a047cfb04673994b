import { isIP } from 'node:net'
import { generate } from 'selfsigned'

/** A TLS key and self-signed certificate (PEM); clients pin `cert` as their only CA. */
export interface TestkitCertificate {
  key: string
  cert: string
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * A fresh certificate for the testkit's wss:// and https:// listeners, valid
 * for the loopback names and `host`. Made at start and never written to disk.
 */
export async function makeTestkitCertificate(host = '127.0.0.1'): Promise<TestkitCertificate> {
  const names = new Set(['127.0.0.1', '::1', 'localhost', host])
  const altNames = [...names].map((name) =>
    isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
  )
  const now = Date.now()
  const pems = await generate([{ name: 'commonName', value: 'tgfetch testkit' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  return { key: pems.private, cert: pems.cert }
}
