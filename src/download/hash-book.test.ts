import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { HashBook, HashMismatchError, type RangeHash } from './hash-book.js'

const RANGE = 128 * 1024
const file = randomBytes(5 * RANGE + 1000)
const hashesFrom = (offset: number): RangeHash[] => {
  const out: RangeHash[] = []
  for (let at = offset; at < file.length && out.length < 8; at += RANGE) {
    const limit = Math.min(RANGE, file.length - at)
    out.push({
      offset: at,
      limit,
      hash: createHash('sha256')
        .update(file.subarray(at, at + limit))
        .digest(),
    })
  }
  return out
}

describe('HashBook', () => {
  it('accepts good parts, fetching each batch of hashes once', async () => {
    const book = new HashBook()
    let fetches = 0
    const fetch = async (offset: number) => {
      fetches++
      return hashesFrom(offset)
    }
    const signal = new AbortController().signal
    await book.verify(0, file.subarray(0, 2 * RANGE), fetch, signal)
    await book.verify(2 * RANGE, file.subarray(2 * RANGE), fetch, signal)
    expect(fetches).toBe(1)
  })

  it('names the first bad range of a part', async () => {
    const book = new HashBook()
    book.add(hashesFrom(0))
    const bad = Buffer.from(file.subarray(RANGE, 3 * RANGE))
    bad.writeUInt8(bad.readUInt8(RANGE + 7) ^ 1, RANGE + 7)
    const error = await book
      .verify(RANGE, bad, async () => [], new AbortController().signal)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HashMismatchError)
    expect((error as HashMismatchError).offset).toBe(2 * RANGE)
  })
})
