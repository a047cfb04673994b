import { describe, expect, it } from 'vitest'
import { IndexWaiters, WakeList } from './waiters.js'

describe('WakeList', () => {
  it('wakes everyone waiting, and only them', async () => {
    const list = new WakeList()
    const woken: number[] = []
    const a = list.wait().then(() => woken.push(1))
    const b = list.wait().then(() => woken.push(2))
    list.wake()
    await Promise.all([a, b])
    expect(woken).toEqual([1, 2])
    let late = false
    void list.wait().then(() => {
      late = true
    })
    await Promise.resolve()
    expect(late).toBe(false)
  })
})

describe('IndexWaiters', () => {
  it('wakes the waiters of one index; an aborted waiter leaves with its reason', async () => {
    const waiters = new IndexWaiters()
    const open = new AbortController().signal
    const ac = new AbortController()
    const woken: string[] = []
    const three = waiters.wait(3, open).then(() => woken.push('3'))
    const five = waiters.wait(5, open).then(() => woken.push('5'))
    const aborted = waiters.wait(3, ac.signal)
    ac.abort(new Error('reader left'))
    await expect(aborted).rejects.toThrow('reader left')
    waiters.wake(3)
    await three
    expect(woken).toEqual(['3'])
    waiters.wakeAll()
    await five
    expect(woken).toEqual(['3', '5'])
  })
})
