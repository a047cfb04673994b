import { MemoryQueue } from './queue/memory-queue.test-helper.js'
import { describeJobQueueContract } from './queue/queue-contract.test-helper.js'

// the jobs' unit tests stand on it: it keeps the contract the real backends keep
describeJobQueueContract('MemoryQueue', async () => {
  let clock = 1_700_000_000_000
  const queue = new MemoryQueue(() => clock)
  return {
    queue,
    open: async () => queue,
    now: () => clock,
    elapse: async (ms) => {
      clock += ms
    },
    exact: true,
    lockMs: 300,
    close: async () => {},
  }
})
