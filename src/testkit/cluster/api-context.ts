import type { RsaPrivateKey } from '../../crypto/index.js'
import type { TestkitState } from './state.js'

export interface DcAddress {
  id: number
  host: string
  port: number
  mediaOnly: boolean
  cdn: boolean
  /** the same DC over WebSocket (/apiws) and HTTP (/api), plain and over TLS */
  urls?: DcUrls
}

export interface DcUrls {
  ws: string
  wss: string
  http: string
  https: string
}

/** What a DC's method handlers know about their DC and the cluster around it. */
export interface DcApi {
  dcId: number
  /** a CDN DC answers only upload.getCdnFile (and the invoke wrappers) */
  cdn: boolean
  state: TestkitState
  /** every DC of the cluster, for help.getConfig and redirects */
  addresses(): DcAddress[]
  /** the CDN DCs' keys, for help.getCdnConfig */
  cdnKeys(): Array<{ dcId: number; key: RsaPrivateKey }>
}
