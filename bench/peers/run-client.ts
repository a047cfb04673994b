import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { WorldAccount } from '../../src/testkit/world/types.js'
import { runPeerProcess } from './run-peer.js'
import { runTgfetch } from './run-tgfetch.js'
import type { ClientName, ProfileName, RunResult } from './types.js'

export interface ClientContext {
  profile: ProfileName
  cli: string
  runners: { mtcute: string; gramjs: string }
  lineFile: string
  work: string
  account: WorldAccount
  expectedBytes: number
  expectedSha256: string
  capSeconds: number
}

/** One client's run on the current testkit, as a {@link RunResult} (sha checked here). */
export async function runClient(client: ClientName, ctx: ClientContext): Promise<RunResult> {
  const work = join(ctx.work, `${ctx.profile}-${client}`)
  mkdirSync(work, { recursive: true })
  const base = { client, profile: ctx.profile, phone: ctx.account.phone, expectedBytes: ctx.expectedBytes }
  if (client === 'tgfetch') {
    const run = await runTgfetch({ ...ctx, work })
    const { sha256, capped, error, cliMBps } = run
    return {
      ...base,
      bytes: run.bytes,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      peakRssMiB: run.peakRssMiB,
      getProcess: run.getProcess,
      sha256,
      shaOk: sha256 === ctx.expectedSha256,
      capped,
      error: error ?? shaError(sha256, ctx.expectedSha256, capped),
      cliMBps,
    }
  }
  const script = client === 'mtcute' ? ctx.runners.mtcute : ctx.runners.gramjs
  const run = await runPeerProcess({ ...ctx, script, out: join(work, 'download.bin') })
  const f = run.figures ?? { bytes: 0, seconds: 0, cpuSeconds: 0, peakRssMiB: 0 }
  return {
    ...base,
    ...f,
    sha256: run.sha256,
    shaOk: run.sha256 === ctx.expectedSha256,
    capped: run.capped,
    error: run.error ?? shaError(run.sha256, ctx.expectedSha256, run.capped),
  }
}

function shaError(got: string | undefined, expected: string, capped: boolean): string | undefined {
  if (capped || got === expected) return undefined
  return `sha256 ${got?.slice(0, 16) ?? 'missing'}… is not the testkit's ${expected.slice(0, 16)}…`
}
