/** past its time by more than this, a timer says the process was not running, not that the other side was slow */
const ASLEEP_MS = 1000

/**
 * Like setTimeout for "no answer within `ms`", but fair to the answer:
 * - it fires after the event loop's I/O phase (setImmediate), so an answer
 *   already waiting in the socket's buffer is read first — after a stall of
 *   this process, libuv runs due timers before it reads sockets;
 * - a timer that comes more than a second late (the machine starved this
 *   process) gives the other side that time again, once, up to `ms` more.
 * So a busy machine does not turn a late-read answer into a timeout and a
 * second request for the same thing.
 */
export function awakeTimeout(fire: () => void, ms: number, now: () => number = Date.now): { clear(): void } {
  let timer: NodeJS.Timeout | undefined
  let immediate: NodeJS.Immediate | undefined
  let extended = false
  const arm = (delay: number): void => {
    const due = now() + delay
    timer = setTimeout(() => {
      timer = undefined
      const late = now() - due
      if (!extended && late > ASLEEP_MS) {
        extended = true
        arm(Math.min(late, ms))
        return
      }
      immediate = setImmediate(() => {
        immediate = undefined
        fire()
      })
    }, delay)
  }
  arm(ms)
  return {
    clear() {
      if (timer) clearTimeout(timer)
      if (immediate) clearImmediate(immediate)
      timer = immediate = undefined
    },
  }
}
