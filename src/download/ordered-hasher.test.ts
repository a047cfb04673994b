import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OrderedHasher } from './ordered-hasher.js'

const parts = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')]
const whole = createHash('sha256').update(Buffer.concat(parts)).digest('hex')

describe('OrderedHasher', () => {
  it('hashes parts in file order whatever order they arrive in, and hands each held part back once hashed', async () => {
    const handedBack: Uint8Array[] = []
    const hasher = new OrderedHasher(3, async () => Buffer.alloc(0), { hashed: (b) => handedBack.push(b) })
    hasher.add(2, parts[2])
    hasher.add(1, parts[1])
    expect(handedBack).toEqual([])
    hasher.add(0, parts[0])
    expect(await hasher.digest()).toBe(whole)
    // in order, the very views it was given: their frame buffers may carry the next frames
    expect(handedBack).toHaveLength(3)
    for (const [i, b] of handedBack.entries()) expect(b).toBe(parts[i])
  })

  it('reads back parts it did not hold (on disk already, or over its budget) and hands back none of those', async () => {
    const handedBack: Uint8Array[] = []
    const read: number[] = []
    const hasher = new OrderedHasher(
      3,
      async (i) => {
        read.push(i)
        return parts[i]!
      },
      { budget: 8, hashed: (b) => handedBack.push(b) },
    )
    hasher.add(0) // resumed: on disk
    hasher.add(2, parts[2]) // 5 bytes: held
    hasher.add(1, parts[1]) // 7 more would pass the budget of 8: read back
    expect(await hasher.digest()).toBe(whole)
    expect(read).toEqual([0, 1])
    expect(handedBack).toEqual([parts[2]])
  })
})
