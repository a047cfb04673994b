import { join } from 'node:path'
import type { Command } from 'commander'
import type { AccountLeases } from '../../../archive/account-lease.js'
import { type ArchiveDatabase, openArchiveDatabase } from '../../../archive/archive-db.js'
import type { DedupStore } from '../../../archive/dedup-store.js'
import { openDedupStore } from '../../../archive/open-dedup.js'
import { openAccountLeases } from '../../../archive/open-leases.js'
import { openJobQueue } from '../../../archive/open-queue.js'
import type { JobQueue } from '../../../archive/queue/job-queue.js'
import { resolveDataDir } from '../../../client/storage/data-dir.js'
import type { GlobalOptions } from '../../context.js'

export interface QueueFlags {
  queue?: string
}

/** `--queue`, shared by every archive command. */
export function addQueueFlag(cmd: Command): Command {
  return cmd.option(
    '--queue <url>',
    'redis://host:port/db: a BullMQ queue shared by machines (env TGFETCH_QUEUE; default: a file in the data folder)',
  )
}

/** The archive's queue, dedup store and account leases, opened together and closed together. */
export interface OpenArchive {
  queue: JobQueue
  dedup: DedupStore
  leases: AccountLeases
  close(): Promise<void>
}

export async function openArchive(cmd: Command, flags: QueueFlags): Promise<OpenArchive> {
  const dataDir = resolveDataDir(cmd.optsWithGlobals<GlobalOptions>().dataDir)
  const url = flags.queue ?? process.env.TGFETCH_QUEUE
  const queue = await openJobQueue(url, dataDir)
  const db: ArchiveDatabase = openArchiveDatabase(join(dataDir, 'archive.db'))
  const leases = await openAccountLeases(url, db)
  const dedup = await openDedupStore(url, db)
  return {
    queue,
    dedup,
    leases,
    async close() {
      await queue.close()
      await leases.close()
      await dedup.close()
      db.close()
    },
  }
}
