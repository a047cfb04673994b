import { describe, expect, it } from 'vitest'
import { PartQueue } from './part-queue.js'

const drain = (q: PartQueue): number[] => {
  const out: number[] = []
  for (let i = q.take(); i !== undefined; i = q.take()) out.push(i)
  return out
}

describe('PartQueue', () => {
  it('hands out every part once, in order, skipping the ones already done', () => {
    const q = new PartQueue(8, (i) => i === 2 || i === 5)
    expect(drain(q)).toEqual([0, 1, 3, 4, 6, 7])
    expect(q.empty).toBe(true)
  })

  it('puts failed parts back before fresh ones, and wakes whoever waits', async () => {
    const q = new PartQueue(6, () => false)
    expect([q.take(), q.take(), q.take()]).toEqual([0, 1, 2])
    const woke = q.changed()
    q.putBack(1)
    await woke
    expect(drain(q)).toEqual([1, 3, 4, 5])
  })

  it('a seek moves the start: parts from there first, then the ones before it, nothing lost', () => {
    const q = new PartQueue(10, () => false)
    expect([q.take(), q.take()]).toEqual([0, 1])
    q.prefer(7)
    expect(drain(q)).toEqual([7, 8, 9, 2, 3, 4, 5, 6])
  })
})
