import { once } from 'node:events'
import { type IncomingMessage, request } from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { startStreamServer } from './server.js'
import { expectedBytes, fetchRaw, generatedSource, streamServerHarness } from './stream.test-helper.js'

const serve = streamServerHarness()
const never = () => Promise.reject(new Error('not called'))

describe('startStreamServer', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const { url } = await serve({})
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*\/$/)
  })

  it('refuses a non-loopback address without a token, and an empty token', async () => {
    await expect(startStreamServer({ host: '0.0.0.0', resolve: never, resolveLink: never })).rejects.toThrow(
      /needs a token to listen on 0\.0\.0\.0/,
    )
    await expect(
      startStreamServer({ host: '127.0.0.1', token: '', resolve: never, resolveLink: never }),
    ).rejects.toThrow(/must not be empty/)
  })

  it('with a token: 401 without it or with a wrong one; Bearer or ?token= let the request in', async () => {
    const token = 's3cret-token-value'
    const { url } = await serve({ clip: generatedSource(100) }, { host: '0.0.0.0', token })
    const port = new URL(url).port
    const base = `http://127.0.0.1:${port}/clip/1`
    const missing = await fetchRaw(base)
    expect(missing.status).toBe(401)
    expect(missing.headers['www-authenticate']).toBe('Bearer')
    expect((await fetchRaw(base, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    expect((await fetchRaw(`${base}?token=s3cret`)).status).toBe(401)
    expect((await fetchRaw(`${base}?token=${token}x`)).status).toBe(401)
    expect((await fetchRaw(base, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect((await fetchRaw(`${base}?token=${token}`)).status).toBe(200)
    // any Host is fine once the token is known
    expect((await fetchRaw(`${base}?token=${token}`, { headers: { host: 'media.lan' } })).status).toBe(200)
  })

  it('without a token, a Host that is not loopback (DNS rebinding) gets 403', async () => {
    const { url } = await serve({ clip: generatedSource(100) })
    expect((await fetchRaw(`${url}clip/1`, { headers: { host: 'evil.example' } })).status).toBe(403)
    expect((await fetchRaw(`${url}clip/1`, { headers: { host: 'localhost:1234' } })).status).toBe(200)
  })

  it('serves many clients at once, each its own bytes', async () => {
    const SIZE = 4 * 1024 * 1024
    const { url } = await serve({ clip: generatedSource(SIZE) })
    const ranges = Array.from({ length: 40 }, (_, i) => {
      const start = (i * 99_991) % SIZE
      return [start, Math.min(SIZE - 1, start + 200_000 + i)] as const
    })
    const answers = await Promise.all(
      ranges.map(([start, end]) => fetchRaw(`${url}clip/1`, { headers: { range: `bytes=${start}-${end}` } })),
    )
    answers.forEach((answer, i) => {
      const [start, end] = ranges[i]!
      expect(answer.status).toBe(206)
      expect(answer.body.equals(expectedBytes(start, end))).toBe(true)
    })
  })

  it('close() ends open responses and stops the sources', async () => {
    const source = generatedSource(512 * 1024 * 1024)
    const server = await startStreamServer({ resolve: async () => source, resolveLink: never })
    const req = request(`${server.url}clip/1`, { agent: false })
    req.end()
    const [res] = (await once(req, 'response')) as [IncomingMessage]
    res.pause() // read nothing for now: the response stays open
    const failed = new Promise<Error>((resolve) => res.on('error', resolve))
    await vi.waitFor(() => expect(source.produced).toBeGreaterThan(0))
    await server.close()
    res.resume() // what the kernel buffered, then the cut
    expect((await failed).message).toBe('aborted')
    expect(source.produced).toBeLessThan(source.size)
    await vi.waitFor(() => expect(source.aborted).toBe(1))
    await expect(fetchRaw(`${server.url}clip/1`)).rejects.toThrow(/ECONNREFUSED/)
  })
})
