/**
 * The two-process test's child: opens the queue file given as argv[2], says
 * `ready`, and on `go` leases and completes file jobs until none is left,
 * then sends the ids it leased.
 */
import { SqliteQueue } from './sqlite-queue.js'

const [path, worker] = process.argv.slice(2)
if (!path || !worker || !process.send) throw new Error('usage: fork with IPC, <queue file> <worker>')
const queue = new SqliteQueue({ path })
process.once('message', async () => {
  const leased: string[] = []
  for (let lease = await queue.lease(['file'], worker, 60_000); lease; ) {
    leased.push(lease.job.id)
    await queue.complete(lease, worker)
    lease = await queue.lease(['file'], worker, 60_000)
  }
  await queue.close()
  process.send?.({ leased }, () => process.disconnect())
})
process.send({ ready: true })
