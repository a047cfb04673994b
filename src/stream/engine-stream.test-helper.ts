/** `tgfetch serve` in the test's process: a testkit world, logged-in accounts, engine + stream server. */

import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { AccountSessions } from '../client/account-session.js'
import { DownloadEngine, type EngineOptions } from '../download/engine.js'
import { engineFixture } from '../download/engine.test-helper.js'
import type { MediaItem } from '../media/media-item.js'
import { resolveLink } from '../media/resolve.js'
import { storedPeers } from '../media/stored-peers.js'
import type { FilePart } from '../testkit/accounting/accounting.js'
import { FileContents, readRange } from '../testkit/content/file-content.js'
import type { RunningTestkit } from '../testkit/network/testkit.js'
import type { World, WorldAccount, WorldFile } from '../testkit/world/types.js'
import {
  type EngineStream,
  type EngineStreamOptions,
  startEngineStreamServer,
} from './engine-stream-server.js'

export interface ServeRun {
  url: string
  engine: DownloadEngine
  stream: EngineStream
  /** stops the server, then the engine (journals saved) */
  close(): Promise<void>
}

export interface StreamFixture {
  testkit: RunningTestkit
  dir: string
  /** logs in (once per world account) */
  account(pick: (a: WorldAccount) => boolean): Promise<AccountSessions>
  item(sessions: AccountSessions, link: string): Promise<MediaItem>
  /** the world file behind a channel post's media */
  fileOf(channel: string, msgId: number): WorldFile
  /** the bytes the testkit serves for that post, start..endInclusive */
  expected(channel: string, msgId: number, start: number, endInclusive: number): Promise<Buffer>
  /** what servers reported through onError (failures that are not the client's) */
  errors: unknown[]
  /** bytes of answers the account was sent so far (file parts, and a little for resolving) */
  answerBytes(sessions: AccountSessions): number
  /** upload.getFile requests the account made so far */
  getFileRequests(sessions: AccountSessions): number
  /** the file parts the account was answered so far, oldest first (testkit accounting) */
  fileParts(sessions: AccountSessions): FilePart[]
  /** a fresh engine and stream server for `sessions` (cache in `cacheDir`, default a new folder) */
  serve(
    sessions: AccountSessions,
    opts?: Partial<Omit<EngineStreamOptions, 'engine' | 'account'>> & { engine?: Partial<EngineOptions> },
  ): Promise<ServeRun>
  close(): Promise<void>
}

export async function streamFixture(world: World, profile = 'free'): Promise<StreamFixture> {
  const fx = await engineFixture({ world, profile })
  const { testkit, dir, store } = fx
  const runs = new Set<ServeRun>()
  const contents = new FileContents()
  const errors: unknown[] = []
  const fileOf = (channel: string, msgId: number): WorldFile => {
    const media = world.channels
      .find((c) => c.username === channel)
      ?.messages.find((m) => m.id === msgId)?.media
    const fileId = media?.kind === 'photo' ? media.sizes?.at(-1)?.fileId : media?.fileId
    const file = world.files.find((f) => f.id === fileId)
    if (!file) throw new Error(`no file behind ${channel}/${msgId}`)
    return file
  }
  return {
    testkit,
    dir,
    account: (pick) => fx.account(pick),
    async item(sessions, link) {
      const [item] = await resolveLink(await sessions.home(), link)
      if (!item) throw new Error(`no media behind ${link}`)
      return item
    },
    fileOf,
    errors,
    async expected(channel, msgId, start, endInclusive) {
      const bytes = await readRange(contents.of(fileOf(channel, msgId)), start, endInclusive - start + 1)
      return Buffer.from(bytes)
    },
    getFileRequests: (sessions) =>
      testkit.network.accounting.snapshot().accounts[`user:${sessions.account.userId}`]?.requests[
        'upload.getFile'
      ] ?? 0,
    fileParts: (sessions) => testkit.network.accounting.fileParts(`user:${sessions.account.userId}`),
    answerBytes: (sessions) =>
      testkit.network.accounting.snapshot().accounts[`user:${sessions.account.userId}`]?.answerBytes ?? 0,
    async serve(sessions, opts = {}) {
      const engine = new DownloadEngine({ accounts: [sessions], cdn: false, flushMs: 50, ...opts.engine })
      const stream = await startEngineStreamServer({
        cacheDir: mkdtempSync(join(dir, 'cache-')),
        cacheBytes: 1024 ** 3,
        onError: (e) => errors.push(e),
        ...opts,
        engine,
        account: sessions,
        peers: storedPeers(store, sessions.account.id),
      })
      const run: ServeRun = {
        url: stream.url,
        engine,
        stream,
        close: async () => {
          runs.delete(run)
          await stream.close()
          await engine.close()
        },
      }
      runs.add(run)
      return run
    },
    async close() {
      for (const run of [...runs]) await run.close()
      await contents.close()
      await fx.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
