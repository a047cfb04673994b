import { join } from 'node:path'
import type { Command } from 'commander'
import { type ArchiveDatabase, openArchiveDatabase } from '../../../archive/archive-db.js'
import { DedupStore } from '../../../archive/dedup-store.js'
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

/** The archive's queue and dedup store, opened together and closed together. */
export interface OpenArchive {
  queue: JobQueue
  dedup: DedupStore
  close(): Promise<void>
}

export function openArchive(cmd: Command, flags: QueueFlags): OpenArchive {
  const dataDir = resolveDataDir(cmd.optsWithGlobals<GlobalOptions>().dataDir)
  const queue = openJobQueue(flags.queue ?? process.env.TGFETCH_QUEUE, dataDir)
  const db: ArchiveDatabase = openArchiveDatabase(join(dataDir, 'archive.db'))
  return {
    queue,
    dedup: new DedupStore(db),
    async close() {
      await queue.close()
      db.close()
    },
  }
}
