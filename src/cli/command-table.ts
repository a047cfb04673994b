import type { Command } from 'commander'

/** One `tgfetch` command: its name, its line in `tgfetch --help` (the one place it is written), and how to load it. */
export interface CommandEntry {
  name: string
  summary: string
  load(): Promise<Command>
  /**
   * the process exits as soon as the command's action returns (its output
   * flushed): it closed everything it opened, and sockets still closing or a
   * closed session's timers should not hold a user's shell (50–170 ms)
   */
  exitWhenDone?: boolean
}

/**
 * Every command, loaded only when it runs: `tgfetch --help` and `tgfetch get`
 * never load the testkit, the stream server or the other commands' modules
 * (start-up is most of a small download's time).
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo',
    summary: 'an offline Telegram on 127.0.0.1, a login, an album and a large file downloaded and verified',
    load: async () => (await import('./commands/demo/command.js')).demoCommand(),
  },
  {
    name: 'login',
    summary:
      'log an account in (phone + code [+ 2FA password], a bot token, or a QR code) and store its session',
    load: async () => (await import('./commands/login.js')).loginCommand(),
  },
  {
    name: 'accounts',
    summary: 'list, switch and remove stored accounts',
    load: async () => (await import('./commands/accounts.js')).accountsCommand(),
  },
  {
    name: 'get',
    summary: 'download the media of message links',
    load: async () => (await import('./commands/get/get.js')).getCommand(),
    exitWhenDone: true,
  },
  {
    name: 'chat',
    summary: 'download the media of a whole channel, group or forum topic (or list it with --export)',
    load: async () => (await import('./commands/chat/chat.js')).chatCommand(),
  },
  {
    name: 'watch',
    summary: 'keep running: download the media of new posts in chats as they appear',
    load: async () => (await import('./commands/chat/watch.js')).watchCommand(),
  },
  {
    name: 'archive',
    summary: 'archive chats through a durable job queue: every post, every file once (add, run, status)',
    load: async () => (await import('./commands/archive/archive.js')).archiveCommand(),
  },
  {
    name: 'serve',
    summary: 'stream media over HTTP (Range requests, for players and browsers), saving it in a cache',
    load: async () => (await import('./commands/serve/serve.js')).serveCommand(),
  },
  {
    name: 'bench',
    summary: 'tgfetch vs mtcute vs GramJS on the same testkit profile: MB/s, CPU-s/GB, peak RSS',
    load: async () => (await import('./commands/bench.js')).benchCommand(),
  },
  {
    name: 'testkit',
    summary: 'an offline Telegram for tests, demos and benchmarks',
    load: async () => (await import('./commands/testkit.js')).testkitCommand(),
  },
]
