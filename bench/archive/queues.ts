import { rmSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { type RunningRedis, startRedis } from '../../src/archive/queue/redis-server.test-helper.js'

export const BACKENDS = ['sqlite', 'redis'] as const
export type Backend = (typeof BACKENDS)[number]

/** The files `archive` keeps in the data folder: the local queue and the dedup store, with their WAL. */
const ARCHIVE_FILES = ['archive-queue.db', 'archive.db'].flatMap((f) => [f, `${f}-wal`, `${f}-shm`])

/** Sends one Redis command (RESP) and resolves with its one-line answer. */
function redisCommand(port: number, ...words: string[]): Promise<string> {
  const request = `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(request))
    s.setTimeout(10_000, () => s.destroy(new Error(`redis on ${port} did not answer ${words[0]}`)))
    s.once('data', (d) => {
      s.end()
      resolve(d.toString().trim())
    })
    s.once('error', reject)
  })
}

/**
 * The two queues the archive runs on: the SQLite file in the data folder
 * (the default) and BullMQ on Debian's redis-server, started here on a free
 * port of 127.0.0.1 (the tests' helper). `reset` empties both and the dedup
 * store before a run, so every run downloads every file.
 */
export class BenchQueues {
  private constructor(
    private readonly home: string,
    private readonly redis: RunningRedis | undefined,
  ) {}

  static async start(home: string, backends: readonly Backend[]): Promise<BenchQueues> {
    return new BenchQueues(home, backends.includes('redis') ? await startRedis() : undefined)
  }

  /** `--queue` for a backend: none for the local file. */
  flags(backend: Backend): string[] {
    if (backend === 'sqlite') return []
    if (!this.redis) throw new Error('redis was not started')
    return ['--queue', `redis://127.0.0.1:${this.redis.port}/0`]
  }

  async reset(): Promise<void> {
    for (const f of ARCHIVE_FILES) rmSync(join(this.home, f), { force: true })
    if (this.redis) {
      const answer = await redisCommand(this.redis.port, 'FLUSHALL')
      if (answer !== '+OK') throw new Error(`redis FLUSHALL answered ${answer}`)
    }
  }

  async stop(): Promise<void> {
    await this.redis?.stop()
  }
}
