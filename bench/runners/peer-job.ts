/**
 * What a peer child (mtcute, GramJS) is asked to do, from its command line,
 * and the parts of the testkit's JSON line it needs. Runners import only
 * node built-ins and each other: download-peers.ts compiles them to plain
 * JavaScript, so a peer's RSS holds no TypeScript loader.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

export interface PeerJob {
  /** the testkit's JSON line, as a file */
  servers: string
  phone: string
  code: string
  password?: string
  /** the DC the client dials first */
  dc: number
  channel: string
  message: number
  /** where the media goes */
  out: string
}

export interface TestkitLine {
  dcs: Array<{ id: number; host: string; port: number; cdn: boolean }>
  rsa: Array<{ pem: string; fingerprint: string; cdn?: number }>
  apiId: number
  apiHash: string
}

export function peerJob(argv = process.argv.slice(2)): PeerJob {
  const { values } = parseArgs({
    args: argv,
    options: {
      servers: { type: 'string' },
      phone: { type: 'string' },
      code: { type: 'string' },
      password: { type: 'string' },
      dc: { type: 'string', default: '2' },
      channel: { type: 'string', default: 'tgfetch_media' },
      message: { type: 'string', default: '2' },
      out: { type: 'string' },
    },
  })
  const { servers, phone, code, out } = values
  if (!servers || !phone || !code || !out) throw new Error('needs --servers, --phone, --code and --out')
  return {
    servers,
    phone,
    code,
    password: values.password,
    dc: Number(values.dc),
    channel: values.channel ?? 'tgfetch_media',
    message: Number(values.message),
    out,
  }
}

export function readTestkitLine(path: string): TestkitLine {
  return JSON.parse(readFileSync(path, 'utf8')) as TestkitLine
}

/** The main (non-CDN) DC with this id. */
export function dcAddress(line: TestkitLine, id: number): { host: string; port: number } {
  const dc = line.dcs.find((d) => d.id === id && !d.cdn)
  if (!dc) throw new Error(`the testkit has no DC ${id}`)
  return dc
}
