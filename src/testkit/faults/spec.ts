import { TgfetchError } from '../../errors/index.js'
import type { TcpMode } from '../../mtproto/server-role/index.js'
import type { FaultControl } from './control.js'

const TCP_MODES: readonly TcpMode[] = ['open', 'blackhole', 'refuse']

/**
 * A fault as written on the command line or a stdin line:
 * `NAME[:key=value,…]`, e.g. `drop:every=30s`, `stall:n=3,method=upload.getFile`,
 * `flood:n=2,seconds=5`, `restart:dc=2,keep-keys=false,at=10s`, `skew:ms=-120000`,
 * `tcp:mode=blackhole` (or refuse; `tcp:mode=open` heals).
 * `every=` repeats it, `at=` runs it once after a delay, neither runs it now.
 */
export interface FaultSpec {
  name: FaultName
  everyMs?: number
  atMs?: number
  params: Record<string, string>
}

export const FAULT_NAMES = [
  'drop',
  'stall',
  'flood',
  'garbage',
  'forget-auth',
  'expire-refs',
  'rotate-salts',
  'skew',
  'restart',
  'tcp',
] as const
export type FaultName = (typeof FAULT_NAMES)[number]

const KEYS: Record<FaultName, string[]> = {
  drop: ['dc'],
  stall: ['n', 'method', 'dc'],
  flood: ['n', 'seconds', 'method', 'dc'],
  garbage: ['dc'],
  'forget-auth': ['dc'],
  'expire-refs': [],
  'rotate-salts': ['dc'],
  skew: ['ms'],
  restart: ['dc', 'keep-keys'],
  tcp: ['mode', 'dc'],
}

export class FaultSpecError extends TgfetchError {
  readonly category = 'invalid'
}

/** "30s", "500ms", "2m", or plain milliseconds */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!m) throw new FaultSpecError(`bad duration "${text}" (use 500ms, 30s, 2m)`)
  const n = Number(m[1])
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n
}

export function parseFaultSpec(text: string): FaultSpec {
  const [rawName, rest = ''] = text.trim().split(/[:\s]+(.*)/s, 2)
  const name = rawName as FaultName
  if (!FAULT_NAMES.includes(name)) {
    throw new FaultSpecError(`unknown fault "${rawName}" (one of: ${FAULT_NAMES.join(', ')})`)
  }
  const spec: FaultSpec = { name, params: {} }
  for (const part of rest.split(/[,\s]+/).filter(Boolean)) {
    const [key, value] = part.split('=', 2)
    if (!key || value === undefined) throw new FaultSpecError(`${name}: expected key=value, got "${part}"`)
    if (key === 'every') spec.everyMs = parseDuration(value)
    else if (key === 'at') spec.atMs = parseDuration(value)
    else if (KEYS[name].includes(key)) spec.params[key] = value
    else
      throw new FaultSpecError(`${name}: unknown key "${key}" (allowed: every, at, ${KEYS[name].join(', ')})`)
  }
  if (spec.everyMs !== undefined && spec.everyMs < 10) throw new FaultSpecError(`${name}: every= too small`)
  if ((name === 'forget-auth' || name === 'restart') && spec.params.dc === undefined)
    throw new FaultSpecError(`${name}: needs dc=N`)
  const mode = spec.params.mode
  if (name === 'tcp' && !TCP_MODES.includes(mode as TcpMode))
    throw new FaultSpecError(`tcp: mode must be one of ${TCP_MODES.join(', ')}`)
  for (const key of ['dc', 'n', 'seconds', 'ms']) {
    const v = spec.params[key]
    if (v !== undefined && !/^-?\d+$/.test(v))
      throw new FaultSpecError(`${name}: ${key} must be a whole number`)
  }
  return spec
}

/** Runs a fault once. */
export async function applyFault(control: FaultControl, spec: FaultSpec): Promise<void> {
  const p = spec.params
  const dc = p.dc === undefined ? undefined : Number(p.dc)
  const filter = { method: p.method, dcId: dc }
  switch (spec.name) {
    case 'drop':
      return control.dropConnections(dc)
    case 'stall':
      return control.stallNext(Number(p.n ?? 1), filter)
    case 'flood':
      return control.floodNext(Number(p.n ?? 1), Number(p.seconds ?? 5), filter)
    case 'garbage':
      return control.garbage(dc)
    case 'forget-auth':
      return control.forgetImportedAuth(dc!)
    case 'expire-refs':
      return control.expireFileReferences()
    case 'rotate-salts':
      return control.rotateSalts(dc)
    case 'skew':
      return control.skewTime(Number(p.ms ?? 0))
    case 'restart':
      return control.restartDc(dc!, { keepKeys: p['keep-keys'] !== 'false' })
    case 'tcp':
      return control.tcp(p.mode as TcpMode, dc)
  }
}

/** Runs faults now, after `at=`, or every `every=`; returns a function that stops the timers. */
export function scheduleFaults(
  control: FaultControl,
  specs: FaultSpec[],
  onError: (spec: FaultSpec, error: unknown) => void = () => {},
): () => void {
  const timers: NodeJS.Timeout[] = []
  const run = (spec: FaultSpec): void => {
    applyFault(control, spec).catch((e: unknown) => onError(spec, e))
  }
  for (const spec of specs) {
    if (spec.everyMs !== undefined) {
      const start = (): void => {
        timers.push(setInterval(() => run(spec), spec.everyMs))
      }
      if (spec.atMs !== undefined) timers.push(setTimeout(start, spec.atMs))
      else start()
    } else if (spec.atMs !== undefined) timers.push(setTimeout(() => run(spec), spec.atMs))
    else run(spec)
  }
  return () => {
    for (const t of timers) clearTimeout(t)
  }
}
