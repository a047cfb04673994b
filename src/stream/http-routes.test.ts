import { request } from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { LinkError } from '../media/links.js'
import { ResolveError } from '../media/resolve.js'
import type { ByteSource } from './byte-source.js'
import { MediaNotFoundError } from './errors.js'
import { startStreamServer } from './server.js'
import { expectedBytes, fetchRaw, generatedSource } from './stream.test-helper.js'

async function withServer(
  resolve: (chat: string, msgId: number, signal: AbortSignal) => Promise<ByteSource>,
  resolveLink: (link: string, signal: AbortSignal) => Promise<ByteSource>,
  run: (url: string, onError: ReturnType<typeof vi.fn>) => Promise<void>,
) {
  const onError = vi.fn()
  const server = await startStreamServer({ resolve, resolveLink, onError })
  try {
    await run(server.url, onError)
  } finally {
    await server.close()
  }
}

const never = () => Promise.reject(new Error('not called'))

describe('stream routes', () => {
  it('/<chat>/<msg_id> goes to resolve(chat, msgId)', async () => {
    const resolve = vi.fn(async () => generatedSource(1000))
    await withServer(resolve, never, async (url) => {
      const { status, body } = await fetchRaw(`${url}tgfetch_media/42`)
      expect(status).toBe(200)
      expect(body.equals(expectedBytes(0, 999))).toBe(true)
      await fetchRaw(`${url}-1001500000001/7`)
    })
    expect(resolve.mock.calls.map((c) => c.slice(0, 2))).toEqual([
      ['tgfetch_media', 42],
      ['-1001500000001', 7],
    ])
  })

  it('/?link= goes to resolveLink(link), with Range and download=1 working as usual', async () => {
    const resolveLink = vi.fn(async (_link: string) => generatedSource(1000))
    await withServer(never, resolveLink, async (url) => {
      const link = 'https://t.me/c/1500000004/3?single'
      const { status, headers, body } = await fetchRaw(`${url}?link=${encodeURIComponent(link)}&download=1`, {
        headers: { range: 'bytes=10-19' },
      })
      expect(status).toBe(206)
      expect(body.equals(expectedBytes(10, 19))).toBe(true)
      expect(headers['content-disposition']).toMatch(/^attachment;/)
      expect(resolveLink.mock.calls[0]?.[0]).toBe(link)
    })
  })

  it('400 for links that are not Telegram message links, before resolving', async () => {
    const resolveLink = vi.fn(never)
    await withServer(never, resolveLink, async (url) => {
      for (const link of ['https://example.com/a/1', 'nonsense link', 'https://t.me/tgfetch_media']) {
        const { status, body } = await fetchRaw(`${url}?link=${encodeURIComponent(link)}`)
        expect(status, link).toBe(400)
        expect(body.toString()).not.toBe('')
      }
    })
    expect(resolveLink).not.toHaveBeenCalled()
  })

  it('400 for a bad chat or message id', async () => {
    await withServer(never, never, async (url) => {
      for (const path of ['tgfetch_media/0', 'tgfetch_media/abc', 'tgfetch_media/1e3', 'a%2Fb/1', 'ch@t/1']) {
        expect((await fetchRaw(`${url}${path}`)).status, path).toBe(400)
      }
    })
  })

  it('400 with a message for message ids outside int32, in paths and links, before resolving', async () => {
    const resolve = vi.fn(never)
    const resolveLink = vi.fn(never)
    await withServer(resolve, resolveLink, async (url) => {
      for (const target of [
        'tgfetch_media/4294967298',
        'tgfetch_media/2147483648',
        `?link=${encodeURIComponent('https://t.me/tgfetch_media/4294967298')}`,
      ]) {
        const { status, body } = await fetchRaw(`${url}${target}`)
        expect(status, target).toBe(400)
        expect(body.toString(), target).toMatch(/message id must be a whole number from 1 to 2147483647/)
      }
    })
    expect(resolve).not.toHaveBeenCalled()
    expect(resolveLink).not.toHaveBeenCalled()
  })

  it('404 with the resolver’s message when it finds nothing; 404 for other paths', async () => {
    const resolve = async (chat: string) => {
      if (chat === 'gone') throw new MediaNotFoundError('message 5 has no media')
      throw new ResolveError('https://t.me/nobody_here/1', 'no such username')
    }
    await withServer(resolve, never, async (url) => {
      const gone = await fetchRaw(`${url}gone/5`)
      expect([gone.status, gone.body.toString()]).toEqual([404, 'message 5 has no media\n'])
      const nobody = await fetchRaw(`${url}nobody_here/1`)
      expect([nobody.status, nobody.body.toString()]).toEqual([
        404,
        'https://t.me/nobody_here/1: no such username\n',
      ])
      for (const path of ['', 'favicon.ico', 'a/b/c']) {
        const other = await fetchRaw(`${url}${path}`)
        expect(other.status, path).toBe(404)
        expect(other.body.toString()).toMatch(/\/<chat>\/<message id>/)
      }
    })
  })

  it('a resolver’s LinkError is 400; any other failure is 502 and reported to onError, not to the client', async () => {
    const resolve = async (chat: string) => {
      if (chat === 'badlink') throw new LinkError('x', 'not a Telegram link')
      throw new Error('secret internal detail')
    }
    await withServer(resolve, never, async (url, onError) => {
      expect((await fetchRaw(`${url}badlink/1`)).status).toBe(400)
      const failed = await fetchRaw(`${url}broken/1`)
      expect(failed.status).toBe(502)
      expect(failed.body.toString()).not.toMatch(/secret/)
      expect(onError).toHaveBeenCalledOnce()
    })
  })

  it('a client leaving while the media is resolved aborts the resolver’s signal', async () => {
    let signal: AbortSignal | undefined
    const resolve = (_chat: string, _msgId: number, s: AbortSignal) => {
      signal = s
      return new Promise<ByteSource>(() => undefined)
    }
    await withServer(resolve, never, async (url) => {
      const req = request(`${url}slow/1`, { agent: false })
      req.on('error', () => undefined)
      req.end()
      await vi.waitFor(() => expect(signal).toBeDefined())
      req.destroy()
      await vi.waitFor(() => expect(signal?.aborted).toBe(true))
    })
  })

  it('a source failing mid-response cuts the connection and is reported', async () => {
    const failing = generatedSource(100_000, {
      async *read() {
        yield new Uint8Array(1000)
        throw new Error('disk on fire')
      },
    })
    await withServer(
      async () => failing,
      never,
      async (url, onError) => {
        await expect(fetchRaw(`${url}x/1`)).rejects.toThrow()
        expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk on fire' }))
      },
    )
  })
})
