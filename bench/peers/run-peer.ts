import { rmSync } from 'node:fs'
import type { WorldAccount } from '../../src/testkit/world/types.js'
import type { PeerFigures, PeerResult } from '../runners/child-report.js'
import { measureChild } from '../runners/measure-child.js'
import { CHANNEL, MESSAGE } from './world.js'

/** Login and resolving, before the download starts. */
const LOGIN_TIMEOUT_S = 90

export interface PeerRun {
  figures?: PeerFigures
  sha256?: string
  capped: boolean
  error?: string
}

/**
 * Runs one compiled peer runner (mtcute-child.js, gramjs-child.js) in its own
 * process and reads its lines. The cap counts from the download's start;
 * when it strikes, the child is killed and its last progress line stands.
 */
export async function runPeerProcess(opts: {
  script: string
  lineFile: string
  account: WorldAccount
  out: string
  capSeconds: number
}): Promise<PeerRun> {
  const args = [opts.script, '--servers', opts.lineFile, '--phone', opts.account.phone]
  args.push('--code', opts.account.code, '--dc', '2', '--channel', CHANNEL, '--message', String(MESSAGE))
  args.push('--out', opts.out)
  const child = measureChild(process.execPath, args)
  let last: PeerFigures | undefined
  let final: PeerResult | undefined
  let error: string | undefined
  let capped = false
  let cap: NodeJS.Timeout | undefined
  const login = setTimeout(() => {
    error = `no download after ${LOGIN_TIMEOUT_S} s (login or resolving hung)`
    child.kill()
  }, LOGIN_TIMEOUT_S * 1000)
  child.onLine((text) => {
    let msg: Partial<PeerResult> & { progress?: boolean; error?: string }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      return
    }
    if (msg.error) error = msg.error
    else if (msg.sha256) final = msg as PeerResult
    else if (msg.progress) {
      last = msg as PeerFigures
      if (!cap) {
        clearTimeout(login)
        cap = setTimeout(() => {
          capped = true
          child.kill()
        }, opts.capSeconds * 1000)
      }
    }
  })
  const usage = await child.done
  clearTimeout(login)
  clearTimeout(cap)
  rmSync(opts.out, { force: true })
  if (final) {
    const { sha256, ...figures } = final
    return { figures, sha256, capped: false }
  }
  if (capped) return { figures: last, capped: true }
  const why = error ?? `exited with ${usage.code ?? usage.signal}: ${usage.stderr.trim().slice(-500)}`
  return { figures: last, capped: false, error: why }
}
