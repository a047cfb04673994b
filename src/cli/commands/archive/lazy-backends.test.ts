import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { cliMain } from '../../cli-bundle.test-helper.js'

const run = promisify(execFile)
const hook = fileURLToPath(new URL('../../module-trace.test-helper.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tgfetch-lazy-backends-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The packages an `archive` command loads, from the URLs it resolved. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  const trace = join(dir, `trace-${args.join('-')}`)
  const env = { ...process.env, TGFETCH_HOME: join(dir, 'home'), TGFETCH_MODULE_TRACE: trace }
  await run(process.execPath, ['--import', hook, cliMain(), ...args], { env })
  const urls = readFileSync(trace, 'utf8').split('\n')
  return new Set(
    urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p) => p !== undefined),
  )
}

describe('the local archive (no --queue)', () => {
  it('never loads BullMQ, its Redis client or prom-client: each costs every worker start CPU', async () => {
    const loaded = await packagesLoaded(['archive', 'status'])
    // the trace works: the local queue's own package is there
    expect(loaded).toContain('better-sqlite3')
    for (const pkg of ['bullmq', 'ioredis', 'prom-client']) expect(loaded).not.toContain(pkg)
  })
})
