import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { AccountSessions } from '../../../client/account-session.js'
import { ChatProgressStore } from '../../../client/storage/chat-progress-store.js'
import { resolveDataDir } from '../../../client/storage/data-dir.js'
import { openStateDatabase } from '../../../client/storage/database.js'
import { DownloadEngine } from '../../../download/engine.js'
import type { PeerMemory } from '../../../media/resolve-peers.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { cliContext, type GlobalOptions } from '../../context.js'
import { onInterrupt } from '../../interrupt.js'
import { openAccounts } from '../../open-accounts.js'
import type { ChatFlags } from './flags.js'

/** What `chat` and `watch` work with, opened once and closed together. */
export interface ChatSetup {
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

export async function openChatSetup(opts: GlobalOptions & ChatFlags): Promise<ChatSetup> {
  const ctx = await cliContext(opts)
  const accounts = openAccounts(ctx, opts)
  const first = accounts[0]!
  // a connection of our own to the state database (WAL: safe beside the account store's)
  const db = openStateDatabase(resolveDataDir(opts.dataDir))
  const out = resolve(opts.output)
  mkdirSync(out, { recursive: true })
  const engine = new DownloadEngine({ accounts })
  const interrupt = onInterrupt()
  return {
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
