import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { type IncomingMessage, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { expectedBytes, generatedSource, streamServerHarness } from './stream.test-helper.js'

const MiB = 1024 * 1024
const serve = streamServerHarness()

/** The most the kernel can hold between the server's socket and the client: both TCP buffers at their maximum. */
function kernelBufferBound(): number {
  const max = (file: string) => Number(readFileSync(file, 'utf8').trim().split(/\s+/)[2])
  try {
    return max('/proc/sys/net/ipv4/tcp_wmem') + max('/proc/sys/net/ipv4/tcp_rmem')
  } catch {
    return 64 * MiB
  }
}

/** Reads `n` bytes from a paused response, checking their content. */
async function readBytes(res: IncomingMessage, offset: number, n: number): Promise<void> {
  let got = 0
  while (got < n) {
    const chunk = (res.read(Math.min(n - got, 1 * MiB)) as Buffer | null) ?? res.read()
    if (chunk === null) {
      await once(res, 'readable')
      continue
    }
    const want = Math.min(chunk.length, n - got)
    if (want < chunk.length) res.unshift(chunk.subarray(want))
    expect(chunk.subarray(0, want).equals(expectedBytes(offset + got, offset + got + want - 1))).toBe(true)
    got += want
  }
}

describe('backpressure', () => {
  it('pulls the source only as fast as a slow client reads, and stops when it leaves', async () => {
    const SIZE = 4 * 1024 * MiB // far more than any buffer
    const source = generatedSource(SIZE, {}, 64 * 1024)
    const { url } = await serve({ clip: source })
    const bound = kernelBufferBound() + 1 * MiB // plus Node's stream buffers
    const req = request(`${url}clip/1`, { agent: false })
    req.end()
    const [res] = (await once(req, 'response')) as [IncomingMessage]
    res.pause()

    // a client that reads nothing: the server fills the socket, then stops pulling
    await vi.waitFor(() => expect(source.produced).toBeGreaterThan(0))
    await sleep(300)
    const stalled = source.produced
    await sleep(500)
    expect(source.produced).toBe(stalled)
    expect(stalled).toBeLessThan(bound)

    // reading slowly: the source stays within the buffers' reach of what was read
    let received = 0
    for (let step = 0; step < 12; step++) {
      await readBytes(res, received, 8 * MiB)
      received += 8 * MiB
      await sleep(30)
      expect(source.produced - received).toBeLessThan(bound)
    }
    expect(source.produced).toBeLessThan(received + bound)

    res.destroy()
    await vi.waitFor(() => expect(source.aborted).toBe(1))
    const atAbort = source.produced
    await sleep(200)
    expect(source.produced).toBe(atAbort)
    expect(atAbort).toBeLessThan(SIZE / 10)
  })
})
