import { setMaxListeners } from 'node:events'

/**
 * A signal that aborts when `parent` does, or after `ms` with `timeoutReason()`
 * (by default a TimeoutError DOMException).
 * A plain timer holds it: on Node 20 an `AbortSignal.timeout()` passed to
 * `AbortSignal.any()` can be garbage-collected before it fires, and then the
 * deadline silently never comes. Call `dispose()` once the work is done.
 */
export function deadline(
  ms: number,
  parent?: AbortSignal,
  timeoutReason: () => Error = () => new DOMException(`no answer within ${ms} ms`, 'TimeoutError'),
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  // one deadline is passed to every await of a piece of work
  setMaxListeners(0, controller.signal)
  const onParentAbort = (): void => controller.abort(parent?.reason)
  const timer = setTimeout(() => controller.abort(timeoutReason()), ms)
  timer.unref()
  if (parent?.aborted) onParentAbort()
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onParentAbort)
    },
  }
}
