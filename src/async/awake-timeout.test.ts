import { once } from 'node:events'
import { connect, createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { awakeTimeout } from './awake-timeout.js'

/** keeps this process from running for `ms`, as a starved machine does */
function block(ms: number): void {
  const until = Date.now() + ms
  while (Date.now() < until) {
    // busy
  }
}

describe('awakeTimeout', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('an answer that reached the socket while this process was stalled is read before the timeout fires', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const accepted = once(server, 'connection') as Promise<[Socket]>
    const client = connect((server.address() as { port: number }).port, '127.0.0.1')
    await once(client, 'connect')
    const [peer] = await accepted
    const events: string[] = []
    const done = new Promise<void>((resolve) => {
      client.once('data', () => events.push('answer'))
      const timer = awakeTimeout(() => {
        events.push('timeout')
        resolve()
      }, 50)
      // busy at the end of one turn of the event loop (as when it handles many parts' bytes): the next
      // turn runs due timers before it reads sockets
      setTimeout(() => {
        setImmediate(() => {
          peer.write('x') // in the kernel's buffer at once
          block(200) // the timer is due long before this process reads the socket again
        })
      }, 10)
      void timer
    })
    await done
    client.destroy()
    peer.destroy()
    server.close()
    expect(events).toEqual(['answer', 'timeout'])
  })

  it('a timer more than a second late gives the other side that time again, once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
    let clock = 0
    const fired: number[] = []
    awakeTimeout(
      () => fired.push(clock),
      1000,
      () => clock,
    )
    clock = 3000 // the process slept through its due time (1000) and two seconds more
    vi.advanceTimersByTime(1999)
    expect(fired).toEqual([])
    clock = 4000
    vi.advanceTimersByTime(1)
    vi.advanceTimersToNextTimer() // the immediate it queued
    expect(fired).toEqual([4000])
  })

  it('fires on time when the process kept running, and not at all once cleared', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
    let clock = 0
    const fired: string[] = []
    awakeTimeout(
      () => fired.push('kept'),
      500,
      () => clock,
    )
    const cleared = awakeTimeout(
      () => fired.push('cleared'),
      500,
      () => clock,
    )
    cleared.clear()
    clock = 499
    vi.advanceTimersByTime(499)
    expect(fired).toEqual([])
    clock = 500
    vi.advanceTimersByTime(1)
    vi.advanceTimersToNextTimer() // the immediate it queued
    expect(fired).toEqual(['kept'])
  })
})
