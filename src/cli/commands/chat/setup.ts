import type { Command } from 'commander'
import type { AccountSessions } from '../../../client/account-session.js'
import { ChatProgressStore } from '../../../client/storage/chat-progress-store.js'
import { resolveDataDir } from '../../../client/storage/data-dir.js'
import { openStateDatabase } from '../../../client/storage/database.js'
import { DownloadEngine } from '../../../download/engine.js'
import type { PeerMemory } from '../../../media/resolve-peers.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { cliContext, type GlobalOptions } from '../../context.js'
import { downloadOptions, makeOutputFolder } from '../../flags.js'
import { onInterrupt } from '../../interrupt.js'
import { openAccounts } from '../../open-accounts.js'
import type { ChatFlags } from './flags.js'

/** What `chat` and `watch` work with, opened once and closed together. */
export interface ChatSetup<T extends ChatFlags> {
  /** the flags, with the config file's defaults */
  opts: T
  accounts: AccountSessions[]
  /** lists the chats; its id keys the progress */
  first: AccountSessions
  memory: PeerMemory
  progress: ChatProgressStore
  engine: DownloadEngine
  /** Ctrl-C / SIGTERM */
  signal: AbortSignal
  /** the output folder, absolute */
  out: string
  close(): Promise<void>
}

export async function openChatSetup<T extends ChatFlags>(cmd: Command, flags: T): Promise<ChatSetup<T>> {
  const globals = cmd.optsWithGlobals<GlobalOptions>()
  const ctx = await cliContext({ ...globals, ...flags })
  const opts = downloadOptions(cmd, flags, ctx.config)
  const accounts = openAccounts(ctx, opts)
  const first = accounts[0]!
  const out = makeOutputFolder(opts.output)
  // a connection of our own to the state database (WAL: safe beside the account store's)
  const db = openStateDatabase(resolveDataDir(globals.dataDir))
  const engine = new DownloadEngine({ accounts, cdn: opts.cdn === true })
  const interrupt = onInterrupt()
  return {
    opts,
    accounts,
    first,
    memory: storedPeers(ctx.store, first.account.id),
    progress: new ChatProgressStore(db),
    engine,
    signal: interrupt.signal,
    out,
    async close() {
      interrupt.dispose()
      await engine.close()
      for (const a of accounts) await a.close()
      db.close()
    },
  }
}

/** Prints Telegram's requests to slow down while listing (stderr, not with --quiet). */
export function floodNotice(quiet: boolean | undefined): (seconds: number) => void {
  return (seconds) => {
    if (!quiet)
      process.stderr.write(`tgfetch: Telegram asks to wait ${seconds} s before the next history request\n`)
  }
}
