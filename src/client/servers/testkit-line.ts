import { parseRsaPublicKeyPem } from '../../crypto/index.js'
import { TgfetchError } from '../../errors/index.js'
import type { DcEndpoint, DcUrls, ServerList } from './server-list.js'

export class ServerListError extends TgfetchError {
  readonly category = 'invalid'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function dcFrom(v: unknown, i: number): DcEndpoint {
  if (!isRecord(v)) throw new ServerListError(`dcs[${i}] is not an object`)
  const { id, host, port } = v
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0)
    throw new ServerListError(`dcs[${i}].id is not a DC id`)
  if (typeof host !== 'string' || host.length === 0) throw new ServerListError(`dcs[${i}].host is missing`)
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ServerListError(`dcs[${i}].port is not a TCP port`)
  }
  const urls: DcUrls = {}
  for (const scheme of URL_SCHEMES) {
    const url = v[scheme]
    if (url === undefined) continue
    if (typeof url !== 'string' || !url.startsWith(`${scheme}://`))
      throw new ServerListError(`dcs[${i}].${scheme} is not a ${scheme}:// URL`)
    urls[scheme] = url
  }
  const endpoint: DcEndpoint = { id, host, port, mediaOnly: v.mediaOnly === true, cdn: v.cdn === true }
  return Object.keys(urls).length > 0 ? { ...endpoint, urls } : endpoint
}

const URL_SCHEMES = ['ws', 'wss', 'http', 'https'] as const

/**
 * Reads the JSON line `tgfetch testkit serve --json` prints (see the README's
 * contract) into a server list, so the same client talks to the testkit or
 * to Telegram. Only what a client needs is read; the rest is ignored.
 */
export function serverListFromTestkitLine(text: string): ServerList {
  let json: unknown
  try {
    json = JSON.parse(text.trim().split('\n')[0] ?? '')
  } catch (e) {
    throw new ServerListError(`not a testkit JSON line: ${(e as Error).message}`)
  }
  if (!isRecord(json) || !Array.isArray(json.dcs) || !Array.isArray(json.rsa)) {
    throw new ServerListError('a testkit line needs "dcs" and "rsa" arrays')
  }
  const rsaKeys = json.rsa.map((k, i) => {
    if (!isRecord(k) || typeof k.pem !== 'string') throw new ServerListError(`rsa[${i}].pem is missing`)
    return parseRsaPublicKeyPem(k.pem)
  })
  return {
    name: 'custom',
    testMode: false,
    dcs: json.dcs.map(dcFrom),
    rsaKeys,
    apiId: typeof json.apiId === 'number' ? json.apiId : undefined,
    apiHash: typeof json.apiHash === 'string' ? json.apiHash : undefined,
    tlsCa: isRecord(json.tls) && typeof json.tls.certificate === 'string' ? json.tls.certificate : undefined,
  }
}
