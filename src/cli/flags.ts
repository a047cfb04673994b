/**
 * The download flags `get`, `chat` and `watch` share (-o, -t, --account(s),
 * -c, --part-size, --verify, --cdn, --json, -q, --join): declared once here and
 * parsed by commander, so a bad value is a usage error (exit 2) before the
 * action runs.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import type { AccountSessions } from '../client/account-session.js'
import { checkPartSize } from '../download/part-plan.js'
import { MAX_MESSAGE_ID } from '../media/links.js'
import { applyConfigDefaults, type ConfigFile } from './config-file.js'
import type { RunDownloadsOptions } from './download-run.js'
import { checkTemplate, TemplateError } from './name-template.js'
import { UsageError } from './usage-error.js'

/** More connections per account and DC only get an account's requests refused. */
export const MAX_CONNECTIONS = 64

/** An argParser for a whole number from `min` to `max` (decimal digits only). */
export function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = /^\s*\d{1,16}\s*$/.test(text) ? Number(text) : Number.NaN
    if (!(n >= min && n <= max))
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`)
    return n
  }
}

/** A message id (or a forum topic's, which is its first message's). */
export const messageIdFlag = wholeNumber(1, MAX_MESSAGE_ID)

const connectionsFlag = wholeNumber(1, MAX_CONNECTIONS)

/** `--part-size` in KiB, to bytes. */
function partSizeFlag(text: string): number {
  const message = 'expected a power of two from 4 to 1024 (KiB)'
  try {
    return checkPartSize(wholeNumber(4, 1024)(text) * 1024)
  } catch {
    throw new InvalidArgumentError(message)
  }
}

function templateFlag(text: string): string {
  try {
    checkTemplate(text)
  } catch (e) {
    if (e instanceof TemplateError) throw new InvalidArgumentError(e.message)
    throw e
  }
  return text
}

/** The shared flags as commander hands them to the action. */
export interface DownloadFlags {
  output: string
  template: string
  account?: string
  accounts?: string
  connections?: number
  /** bytes */
  partSize?: number
  verify?: boolean
  cdn?: boolean
  json?: boolean
  quiet?: boolean
  join?: boolean
  /** false with --no-wait: a file another tgfetch is writing fails (exit 2) instead of waiting */
  wait?: boolean
}

/** Adds the shared download flags; `template` is the command's default file-name template. */
export function addDownloadFlags(cmd: Command, template: string): Command {
  return cmd
    .option('-o, --output <dir>', 'folder to save into', '.')
    .addOption(
      new Option(
        '-t, --template <template>',
        'file names: {chat} {chat_id} {msg_id} {date} {time} {name} {ext} {caption} {album} {kind} {id} {size}; / makes folders',
      )
        .argParser(templateFlag)
        .default(template),
    )
    .option('--account <label>', 'account to use (default: the default account)')
    .option('--accounts <a,b,…>', 'several accounts sharing every download: their limits add up')
    .option(
      '-c, --connections <n>',
      `connections per account and DC, 1 to ${MAX_CONNECTIONS} (default: learned while downloading)`,
      connectionsFlag,
    )
    .option('--part-size <KiB>', 'bytes per request (default 1024, less for small files)', partSizeFlag)
    .option(
      '--verify',
      "check every part, and files already there, against Telegram's hashes; print each file's SHA-256",
    )
    .option(
      '--cdn',
      'let Telegram send popular files through its CDN DCs (every CDN part is SHA-256-checked)',
    )
    .option('--json', 'one JSON event per line on stdout (see docs/cli-json-events.md)')
    .option('-q, --quiet', 'print errors only')
    .option('--join', 'join the chats of invite links (t.me/+…) this account is not in')
    .option('--no-wait', 'when another tgfetch is writing a file: exit (code 2) instead of waiting for it')
}

/**
 * The flags with the config file's defaults filled in where a flag was not
 * given, checked as commander checked the flags.
 */
export function downloadOptions<T extends DownloadFlags>(cmd: Command, flags: T, config: ConfigFile): T {
  const opts = applyConfigDefaults(cmd, flags, config)
  try {
    templateFlag(opts.template)
    if (opts.connections !== undefined) connectionsFlag(String(opts.connections))
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new UsageError(`the config file: ${e.message}`)
    throw e
  }
  return opts
}

/** The nearest of `path` and its parents that exists and is not a folder. */
function fileInTheWay(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p
    } catch {
      if (dirname(p) === p) return undefined
    }
  }
}

/** `-o`: the folder, made if missing; what is wrong with it is said in words (exit 2). */
export function makeOutputFolder(output: string): string {
  const out = resolve(output)
  try {
    mkdirSync(out, { recursive: true })
    accessSync(out, constants.W_OK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const file = fileInTheWay(out) ?? out
      throw new UsageError(
        file === out
          ? `-o ${output} is a file, not a folder`
          : `-o ${output}: ${file} is a file, not a folder`,
      )
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new UsageError(`-o ${output}: not allowed to create or write files there`)
    throw e
  }
  return out
}

/** What every download of the command is given. */
export function runDownloadOptions(
  opts: DownloadFlags,
  accounts: readonly AccountSessions[],
): RunDownloadsOptions['download'] {
  return {
    accounts: accounts.map((a) => a.label),
    connections: opts.connections,
    partSize: opts.partSize,
    verify: opts.verify === true,
    sha256: opts.verify === true,
    wait: opts.wait !== false,
  }
}
