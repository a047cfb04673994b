import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { TransportError } from '../errors.js'
import { HttpClientLink } from './client-link.js'
import { HttpApiHub } from './server-hub.js'
import type { HttpServerLink } from './server-link.js'

/** A plain (auth_key_id 0) packet of the conversation `nonce`, carrying `tag` */
const packet = (nonce: number, tag: number) => {
  const p = Buffer.alloc(48)
  p[24] = nonce
  p[44] = tag
  return p
}

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
})

/** A hub whose conversations answer packet `tag` with `tag` answers tagged tag*10, tag*10+1, … */
async function echoHub(): Promise<{ url: string; links: HttpServerLink[] }> {
  const links: HttpServerLink[] = []
  const hub = new HttpApiHub({
    keyOf: () => undefined,
    holdMs: 50,
    onLink: (link) => {
      links.push(link)
      link.start({
        onPacket: (p) => {
          const tag = p[44]!
          for (let i = 0; i < tag; i++) void link.send(packet(p[24]!, tag * 10 + i))
        },
        onClose: () => undefined,
      })
    },
  })
  server = createServer(hub.handle)
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/api`, links }
}

describe('HTTP link, both roles', () => {
  it('delivers every answer in order: on the request that asked, then on long polls', async () => {
    const { url, links } = await echoHub()
    const client = new HttpClientLink({ url })
    const got: number[] = []
    let polls = 0
    const done = new Promise<void>((resolve) =>
      client.start({
        onPacket: (p) => {
          got.push(p[44]!)
          if (got.length === 4) resolve()
        },
        onClose: () => undefined,
        // nothing open: ask the server to hold a request (what http_wait does)
        onIdle: () => {
          polls++
          void client.send(packet(1, 0))
        },
      }),
    )
    await client.send(packet(1, 4))
    await done
    client.close()
    expect(got).toEqual([40, 41, 42, 43])
    expect(links).toHaveLength(1)
    expect(polls).toBeGreaterThanOrEqual(3)
  })

  it('keeps conversations apart', async () => {
    const { url, links } = await echoHub()
    const a = new HttpClientLink({ url })
    const b = new HttpClientLink({ url })
    const heard = (link: HttpClientLink) =>
      new Promise<number>((resolve) =>
        link.start({ onPacket: (p) => resolve(p[24]!), onClose: () => undefined }),
      )
    const [fromA, fromB] = [heard(a), heard(b)]
    await Promise.all([a.send(packet(7, 1)), b.send(packet(8, 1))])
    expect([await fromA, await fromB]).toEqual([7, 8])
    expect(links).toHaveLength(2)
    a.close()
    b.close()
  })

  it('turns an unknown auth key into transport error -404 and closes', async () => {
    const { url } = await echoHub()
    const client = new HttpClientLink({ url })
    const closed = new Promise<Error | undefined>((resolve) =>
      client.start({ onPacket: () => undefined, onClose: resolve }),
    )
    const encrypted = Buffer.alloc(24 + 32, 1)
    await client.send(encrypted)
    const error = await closed
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).code).toBe(-404)
    await expect(client.send(encrypted)).rejects.toThrow()
  })
})
