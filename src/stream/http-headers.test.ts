import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from './http-serve-source.js'
import {
  expectedBytes,
  fetchRaw,
  generatedSource,
  parseMultipart,
  streamServerHarness,
} from './stream.test-helper.js'

const SIZE = 100_000
const serve = streamServerHarness()
const lastModified = 'Sun, 22 Nov 2026 10:00:00 GMT'

async function clip(headers: Record<string, string> = {}, opts: { method?: string; query?: string } = {}) {
  const source = generatedSource(SIZE)
  const { url } = await serve({ clip: source })
  const answer = await fetchRaw(`${url}clip/1${opts.query ?? ''}`, { headers, method: opts.method })
  return { ...answer, source }
}

describe('stream responses over TCP', () => {
  it('GET: 200 with the whole file and every header', async () => {
    const { status, headers, body, source } = await clip()
    expect(status).toBe(200)
    expect(headers['content-type']).toBe('video/mp4')
    expect(headers['content-length']).toBe(String(SIZE))
    expect(headers['accept-ranges']).toBe('bytes')
    expect(headers.etag).toBe(source.etag)
    expect(headers.etag).toMatch(/^"[^"]+"$/) // strong
    expect(headers['last-modified']).toBe(lastModified)
    expect(headers['content-disposition']).toBe('inline; filename="clip.mp4"')
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(body.equals(expectedBytes(0, SIZE - 1))).toBe(true)
  })

  it('HEAD: the same headers, no body, nothing read, Range ignored', async () => {
    const { status, headers, body, source } = await clip({ range: 'bytes=0-9' }, { method: 'HEAD' })
    expect(status).toBe(200)
    expect(headers['content-length']).toBe(String(SIZE))
    expect(headers.etag).toBe(source.etag)
    expect(body.length).toBe(0)
    expect(source.produced).toBe(0)
  })

  it('?download=1: attachment', async () => {
    const { headers } = await clip({}, { query: '?download=1' })
    expect(headers['content-disposition']).toBe('attachment; filename="clip.mp4"')
  })

  it('untrusted names and types are made safe', async () => {
    const source = generatedSource(10, { fileName: '../../x/отчёт".html', mime: 'text/html\r\nX-Evil: 1' })
    const { url } = await serve({ clip: source })
    const { headers } = await fetchRaw(`${url}clip/1`)
    expect(headers['content-type']).toBe('application/octet-stream')
    expect(headers['x-evil']).toBeUndefined()
    expect(headers['content-disposition']).toBe(
      `inline; filename="______.html"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82_.html`,
    )
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  })

  it('Range: 206 with Content-Range and exactly those bytes', async () => {
    const { status, headers, body } = await clip({ range: 'bytes=1000-1999' })
    expect(status).toBe(206)
    expect(headers['content-range']).toBe(`bytes 1000-1999/${SIZE}`)
    expect(headers['content-length']).toBe('1000')
    expect(headers['content-type']).toBe('video/mp4')
    expect(body.equals(expectedBytes(1000, 1999))).toBe(true)
  })

  it('suffix and open ranges', async () => {
    const suffix = await clip({ range: 'bytes=-500' })
    expect(suffix.headers['content-range']).toBe(`bytes ${SIZE - 500}-${SIZE - 1}/${SIZE}`)
    expect(suffix.body.equals(expectedBytes(SIZE - 500, SIZE - 1))).toBe(true)
    const open = await clip({ range: `bytes=${SIZE - 10}-` })
    expect(open.body.equals(expectedBytes(SIZE - 10, SIZE - 1))).toBe(true)
  })

  it('several ranges: multipart/byteranges with a boundary, exact Content-Length', async () => {
    const { status, headers, body } = await clip({ range: 'bytes=0-99,50000-50009,-5' })
    expect(status).toBe(206)
    expect(headers['content-type']).toMatch(/^multipart\/byteranges; boundary=[0-9a-f]{32}$/)
    expect(headers['content-range']).toBeUndefined()
    expect(headers['content-length']).toBe(String(body.length))
    const parts = parseMultipart(body, headers['content-type']!)
    const expected = [
      [0, 99],
      [50000, 50009],
      [SIZE - 5, SIZE - 1],
    ] as const
    expect(parts).toHaveLength(3)
    parts.forEach((part, i) => {
      const [start, end] = expected[i]!
      expect(part.headers).toEqual([
        'Content-Type: video/mp4',
        `Content-Range: bytes ${start}-${end}/${SIZE}`,
      ])
      expect(part.bytes.equals(expectedBytes(start, end))).toBe(true)
    })
  })

  it('If-Range with the current ETag or date: 206; with anything else: 200 full', async () => {
    const source = generatedSource(SIZE)
    const { url } = await serve({ clip: source })
    const get = (ifRange: string) =>
      fetchRaw(`${url}clip/1`, { headers: { range: 'bytes=0-9', 'if-range': ifRange } })
    expect((await get(source.etag)).status).toBe(206)
    expect((await get(lastModified)).status).toBe(206)
    for (const stale of ['"other"', `W/${source.etag}`, 'Sun, 22 Nov 2026 09:00:00 GMT', 'junk']) {
      const answer = await get(stale)
      expect(answer.status, stale).toBe(200)
      expect(answer.body.length).toBe(SIZE)
    }
  })

  it('unsatisfiable: 416 with Content-Range bytes */size', async () => {
    const { status, headers, source } = await clip({ range: `bytes=${SIZE}-` })
    expect(status).toBe(416)
    expect(headers['content-range']).toBe(`bytes */${SIZE}`)
    expect(source.produced).toBe(0)
  })

  it.each(['bytes=5-2', 'bytes=abc', 'lines=0-9', 'bytes=0-1,x'])(
    'malformed %s: ignored, 200 full',
    async (range) => {
      const { status, body, headers } = await clip({ range })
      expect(status).toBe(200)
      expect(headers['content-range']).toBeUndefined()
      expect(body.length).toBe(SIZE)
    },
  )

  it('If-None-Match / If-Modified-Since: 304 without a body, validators kept', async () => {
    const source = generatedSource(SIZE)
    const { url } = await serve({ clip: source })
    const byTag = await fetchRaw(`${url}clip/1`, { headers: { 'if-none-match': `"x", ${source.etag}` } })
    expect(byTag.status).toBe(304)
    expect(byTag.headers.etag).toBe(source.etag)
    expect(byTag.body.length).toBe(0)
    const byDate = await fetchRaw(`${url}clip/1`, { headers: { 'if-modified-since': lastModified } })
    expect(byDate.status).toBe(304)
    const changed = await fetchRaw(`${url}clip/1`, { headers: { 'if-none-match': '"x"' } })
    expect(changed.status).toBe(200)
    expect(source.produced).toBe(SIZE)
  })

  it('other methods: 405 with Allow', async () => {
    const { url } = await serve({ clip: generatedSource(SIZE) })
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const { status, headers } = await fetchRaw(`${url}clip/1`, { method })
      expect(status, method).toBe(405)
      expect(headers.allow).toBe('GET, HEAD')
    }
  })

  it('an empty file: 200 with Content-Length 0, any range 416', async () => {
    const { url } = await serve({ empty: generatedSource(0) })
    const whole = await fetchRaw(`${url}empty/1`)
    expect([whole.status, whole.headers['content-length'], whole.body.length]).toEqual([200, '0', 0])
    expect((await fetchRaw(`${url}empty/1`, { headers: { range: 'bytes=0-' } })).status).toBe(416)
  })
})
