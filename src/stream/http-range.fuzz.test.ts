import { describe, expect, it, vi } from 'vitest'
import { seededRandom } from '../crypto/index.js'
import { MAX_RANGES } from './range-request.js'
import {
  expectedBytes,
  fetchRaw,
  generatedSource,
  parseMultipart,
  streamServerHarness,
} from './stream.test-helper.js'

const SIZE = 10_000
const serve = streamServerHarness()

/** Hostile Range values that can travel in an HTTP/1.1 header (HTAB, visible ASCII, obs-text). */
function hostileRanges(count: number): string[] {
  const rand = seededRandom(9110)
  const int = (n: number) => Math.floor(rand() * n)
  const byte = () => {
    const b = int(0xe0) + 0x20
    return String.fromCharCode(b === 0x7f ? 0x09 : b)
  }
  const number = () =>
    [String(int(SIZE * 2)), '9'.repeat(1 + int(400)), String(2 ** 53 + int(10)), '-1', '0x10', '1e3', ''][
      int(7)
    ]!
  const spec = () => [`${number()}-${number()}`, `-${number()}`, `${number()}-`, number()][int(4)]!
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const kind = i % 5
    if (kind === 0) out.push(Array.from({ length: int(200) }, byte).join(''))
    else if (kind === 1) out.push(`bytes=${Array.from({ length: int(200) }, byte).join('')}`)
    else if (kind === 2) out.push(`bytes=${Array.from({ length: 1 + int(4) }, spec).join(',')}`)
    else if (kind === 3) {
      // thousands of small ranges (within Node's 16 KiB header limit)
      const n = 1000 + int(2000)
      out.push(
        `bytes=${Array.from({ length: n }, () => `${int(SIZE)}-${int(SIZE)}`).join(',')}`.slice(0, 15_000),
      )
    } else {
      const valid = `bytes=${int(SIZE)}-${int(SIZE)},-${int(100)}`.split('')
      valid.splice(int(valid.length), int(3), byte(), byte())
      out.push(valid.join(''))
    }
  }
  return out
}

describe('Range headers from a hostile client', () => {
  it(`answers 200, 206 (at most ${MAX_RANGES} parts, exact bytes) or 416, and keeps serving`, async () => {
    const onError = vi.fn()
    const { url } = await serve({ clip: generatedSource(SIZE) }, { onError })
    const headers = hostileRanges(1500)
    const seen = new Set<number>()
    for (let i = 0; i < headers.length; i += 25) {
      const batch = headers.slice(i, i + 25)
      const answers = await Promise.all(
        batch.map((range) => fetchRaw(`${url}clip/1`, { headers: { range } })),
      )
      answers.forEach(({ status, headers: h, body }, k) => {
        const range = JSON.stringify(batch[k])
        seen.add(status)
        expect([200, 206, 416], range).toContain(status)
        if (status === 200) expect(body.equals(expectedBytes(0, SIZE - 1)), range).toBe(true)
        if (status === 416) expect(h['content-range'], range).toBe(`bytes */${SIZE}`)
        if (status !== 206) return
        const parts = h['content-type']!.startsWith('multipart/')
          ? parseMultipart(body, h['content-type']!).map((p) => ({
              range: p.headers[1]!.slice(15),
              bytes: p.bytes,
            }))
          : [{ range: h['content-range']!, bytes: body }]
        expect(parts.length, range).toBeLessThanOrEqual(MAX_RANGES)
        for (const part of parts) {
          const m = /^bytes (\d+)-(\d+)\/10000$/.exec(part.range)
          expect(m, range).not.toBeNull()
          expect(part.bytes.equals(expectedBytes(Number(m![1]), Number(m![2]))), range).toBe(true)
        }
      })
    }
    expect([...seen].sort()).toEqual([200, 206, 416]) // every outcome was exercised
    expect(onError).not.toHaveBeenCalled()
    expect((await fetchRaw(`${url}clip/1`, { headers: { range: 'bytes=0-0' } })).status).toBe(206)
  })
})
