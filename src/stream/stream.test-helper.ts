import { type IncomingHttpHeaders, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, expect } from 'vitest'
import { type ByteSource, makeEtag } from './byte-source.js'
import type { StreamResolvers } from './http-routes.js'
import { type StreamServerOptions, startStreamServer } from './server.js'

/** The byte at `offset` of every generated source: varies with all of the offset's low 24 bits. */
export const byteAt = (offset: number): number => (offset ^ (offset >>> 8) ^ (offset >>> 16) ^ 0x5a) & 0xff

export function expectedBytes(start: number, endInclusive: number): Buffer {
  const out = Buffer.alloc(endInclusive - start + 1)
  for (let i = 0; i < out.length; i++) out[i] = byteAt(start + i)
  return out
}

export interface GeneratedSource extends ByteSource {
  /** bytes handed out by read() so far */
  produced: number
  /** reads whose signal was aborted */
  aborted: number
}

/** `size` bytes generated on demand (no memory or disk), counting what was read. */
export function generatedSource(size: number, overrides: Partial<ByteSource> = {}, chunk = 16 * 1024) {
  const source: GeneratedSource = {
    size,
    mime: 'video/mp4',
    fileName: 'clip.mp4',
    etag: makeEtag('generated', size),
    lastModified: new Date('2026-11-22T10:00:00Z'),
    produced: 0,
    aborted: 0,
    async *read(start, endInclusive, signal) {
      signal.addEventListener('abort', () => source.aborted++, { once: true })
      for (let at = start; at <= endInclusive && !signal.aborted; at += chunk) {
        const bytes = expectedBytes(at, Math.min(at + chunk - 1, endInclusive))
        source.produced += bytes.length
        yield bytes
      }
    },
    ...overrides,
  }
  return source
}

/** `source` delivered at about `bytesPerSecond`, in small pieces, like a network. */
export function slowedSource(source: ByteSource, bytesPerSecond: number): ByteSource {
  return {
    ...source,
    async *read(start, endInclusive, signal) {
      for await (const chunk of source.read(start, endInclusive, signal)) {
        for (let i = 0; i < chunk.length; i += 16 * 1024) {
          const piece = chunk.subarray(i, i + 16 * 1024)
          await sleep((piece.length / bytesPerSecond) * 1000, undefined, { signal })
          yield piece
        }
      }
    },
  }
}

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** One request on its own connection. */
export function fetchRaw(
  url: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** A stream server for one test (closed after it); `resolve` serves `sources` by chat name. */
export function streamServerHarness() {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })
  return async (
    sources: Record<string, ByteSource>,
    opts: Partial<StreamServerOptions> = {},
  ): Promise<{ url: string; close: () => Promise<void> }> => {
    const lookup = async (name: string) => {
      const source = sources[name]
      if (!source) throw new Error(`no test source ${name}`)
      return source
    }
    const resolvers: StreamResolvers = {
      resolve: (chat) => lookup(chat),
      resolveLink: (link) => lookup(link),
    }
    const server = await startStreamServer({ ...resolvers, ...opts })
    closers.push(server.close)
    return server
  }
}

/** The parts of a multipart/byteranges body, each with its headers. */
export function parseMultipart(body: Buffer, contentType: string) {
  const boundary = /boundary=(\S+)/.exec(contentType)?.[1]
  expect(boundary).toBeDefined()
  const text = body.toString('latin1')
  expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true)
  return text
    .slice(0, -`\r\n--${boundary}--\r\n`.length)
    .split(new RegExp(`(?:^|\\r\\n)--${boundary}\\r\\n`))
    .slice(1)
    .map((part) => {
      const end = part.indexOf('\r\n\r\n')
      const headers = part.slice(0, end).split('\r\n')
      return { headers, bytes: Buffer.from(part.slice(end + 4), 'latin1') }
    })
}
