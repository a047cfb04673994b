import { parseCommandLine } from '../control/command-line.js'
import { applyFault } from '../faults/spec.js'
import type { RunningTestkit } from '../network/testkit.js'

/**
 * Runs one stdin line of `testkit serve --json` and gives its one-line answer:
 * `{"event":"published",…}`, `{"event":"qr-accepted",…}`, `{"event":"fault",…}`,
 * `{"event":"stats",…}`, or `{"event":"error","error":…}` (the command named when known).
 */
export async function answerCommand(tk: RunningTestkit, line: string): Promise<Record<string, unknown>> {
  let command: ReturnType<typeof parseCommandLine>
  try {
    command = parseCommandLine(line)
  } catch (e) {
    return { event: 'error', error: messageOf(e) }
  }
  try {
    switch (command.command) {
      case 'stats':
        return { event: 'stats', stats: tk.network.accounting.snapshot() }
      case 'fault':
        await applyFault(tk.faults, command.fault)
        return { event: 'fault', fault: command.fault.name, ok: true }
      case 'publish':
        return { event: 'published', ...(await tk.publish(command.post)) }
      case 'accept-qr':
        return { event: 'qr-accepted', ...tk.acceptQr(command.scan) }
    }
  } catch (e) {
    const name = command.command === 'fault' ? { fault: command.fault.name } : {}
    return {
      event: command.command === 'fault' ? 'fault-error' : 'error',
      command: command.command,
      ...name,
      error: messageOf(e),
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
