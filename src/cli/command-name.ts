/** Global options that take a value: the word after them is not the command. */
const VALUE_OPTIONS = new Set(['--data-dir', '--servers', '--proxy', '--transport', '--api-id', '--api-hash'])

/** The command named on the command line (`tgfetch --proxy none get …` → `get`), if any. */
export function commandNameIn(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (VALUE_OPTIONS.has(arg)) i++
    else if (!arg.startsWith('-')) return arg
  }
  return undefined
}
