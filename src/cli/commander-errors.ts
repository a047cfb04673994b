import type { Command, CommanderError } from 'commander'
import { EXIT } from './exit-codes.js'
import { endJsonRun, jsonRequested } from './progress/json-lines.js'
import { terminalSafe } from './progress/safe-text.js'

/** `tgfetch get`, `tgfetch testkit serve`: how the user typed the command. */
function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

/** Commander's `error: option '-c, --connections <n>' argument '0' is invalid. …` as one sentence. */
function sentence(message: string): string {
  const text = message
    .trim()
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
  const invalid = /^option '(.+?)' argument '(.*)' is invalid\. (.*)$/.exec(text)
  if (!invalid) return text
  const [, flags, value, why] = invalid as unknown as [string, string, string, string]
  const flag = flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? flags
  return `${flag} ${value}: ${why}`
}

/**
 * Usage errors of `cmd` and its subcommands (an unknown option, a bad flag
 * value, a missing argument) print one `tgfetch: …` line and exit 2, as
 * every other bad input does; --help exits 0.
 */
export function exitTwoOnUsageErrors(cmd: Command): void {
  cmd.showHelpAfterError(false)
  cmd.configureOutput({
    outputError: (message, write) => {
      const text = `${sentence(message)} (see \`${commandPath(cmd)} --help\`)`
      write(`tgfetch: ${text}\n`)
      if (jsonRequested(process.argv.slice(2))) endJsonRun(process.stdout, terminalSafe(text), EXIT.badInput)
    },
  })
  // commander would exit 1; its own exits (help, version) are 0
  cmd.exitOverride((e: CommanderError) => process.exit(e.exitCode === 0 ? EXIT.ok : EXIT.badInput))
  for (const sub of cmd.commands) exitTwoOnUsageErrors(sub)
}
