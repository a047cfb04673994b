import { setMaxListeners } from 'node:events'

/**
 * Ctrl-C as an AbortSignal: the first SIGINT (or SIGTERM) stops downloads so
 * their state is saved; a second one exits at once.
 */
export function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  // every download and request of the command listens to it
  setMaxListeners(0, controller.signal)
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort(new Error(`interrupted (${signal})`))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    },
  }
}
