import { setMaxListeners } from 'node:events'

/**
 * SIGTERM or SIGINT as a drain: the workers finish the jobs they hold and
 * lease no more; a second signal exits at once (the queue hands the
 * unfinished jobs out again when their leases lapse).
 */
export function drainOnSignals(): { signal: AbortSignal; by(): NodeJS.Signals | undefined; dispose(): void } {
  const controller = new AbortController()
  setMaxListeners(0, controller.signal)
  let by: NodeJS.Signals | undefined
  const handler = (name: NodeJS.Signals): void => {
    if (by) process.exit(130)
    by = name
    controller.abort(new Error(`draining (${name})`))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    signal: controller.signal,
    by: () => by,
    dispose() {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    },
  }
}
