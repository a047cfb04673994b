import { readFileSync } from 'node:fs'
import { TgfetchError } from '../../errors/index.js'
import free from './profiles/free.json' with { type: 'json' }
import hostile from './profiles/hostile.json' with { type: 'json' }
import lan from './profiles/lan.json' with { type: 'json' }
import premium from './profiles/premium.json' with { type: 'json' }

/** N requests per `perSeconds` per account for one method; more → FLOOD_WAIT_X. */
export interface RateLimit {
  method: string
  requests: number
  perSeconds: number
}

/** A free (non-premium) account may receive `bytes` in `windowSeconds`; more → FLOOD_PREMIUM_WAIT_X. */
export interface PremiumBudget {
  bytes: number
  windowSeconds: number
  /** methods whose answers count (default: upload.getFile, upload.getCdnFile) */
  methods?: string[]
}

/** Per-request probabilities of the random (hostile) fault injector. */
export interface FaultProbabilities {
  drop?: number
  stall?: number
  flood?: number
  floodSeconds?: number
  garbage?: number
  expireFileReferences?: number
  rotateSalts?: number
  forgetAuth?: number
}

/** How the testkit's network behaves. Rates are bytes per second (MB = 10^6 bytes). */
export interface NetworkProfile {
  name: string
  description?: string
  /** round-trip time added to every answer, ms */
  rttMs: number
  /** per-DC RTT overrides, ms, keyed by DC id */
  rttByDc?: Record<string, number>
  connectionBytesPerSecond: number | null
  accountBytesPerSecond: number | null
  /** how far ahead of the rate an answer may go (token bucket depth), ms */
  burstMs?: number
  /** Telegram closes connections beyond this many per auth key */
  maxConnectionsPerAuthKey: number | null
  rateLimits: RateLimit[]
  premiumBudget: PremiumBudget | null
  faults: FaultProbabilities | null
}

export const PRESETS: Readonly<Record<'lan' | 'free' | 'premium' | 'hostile', NetworkProfile>> = {
  lan: lan as NetworkProfile,
  free: free as NetworkProfile,
  premium: premium as NetworkProfile,
  hostile: hostile as NetworkProfile,
}

export class ProfileError extends TgfetchError {
  readonly category = 'invalid'
}

const FAULT_KEYS = [
  'drop',
  'stall',
  'flood',
  'floodSeconds',
  'garbage',
  'expireFileReferences',
  'rotateSalts',
  'forgetAuth',
]

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function num(
  o: Obj,
  key: string,
  where: string,
  opts: { nullable?: boolean; optional?: boolean } = {},
): void {
  const v = o[key]
  if (v === undefined && opts.optional) return
  if (v === null && opts.nullable) return
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    const what = opts.nullable ? 'a number ≥ 0 or null' : 'a number ≥ 0'
    throw new ProfileError(`${where}.${key} must be ${what} (got ${JSON.stringify(v)})`)
  }
}

/** Checks a parsed profile and returns it typed; throws {@link ProfileError} naming the bad field. */
export function validateProfile(value: unknown, source = 'profile'): NetworkProfile {
  if (!isObj(value)) throw new ProfileError(`${source}: expected a JSON object`)
  const known = new Set([
    'name',
    'description',
    'rttMs',
    'rttByDc',
    'connectionBytesPerSecond',
    'accountBytesPerSecond',
    'burstMs',
    'maxConnectionsPerAuthKey',
    'rateLimits',
    'premiumBudget',
    'faults',
  ])
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new ProfileError(`${source}: unknown field "${key}"`)
  }
  if (typeof value.name !== 'string' || !value.name) throw new ProfileError(`${source}.name must be a string`)
  num(value, 'rttMs', source)
  num(value, 'connectionBytesPerSecond', source, { nullable: true })
  num(value, 'accountBytesPerSecond', source, { nullable: true })
  num(value, 'burstMs', source, { optional: true })
  num(value, 'maxConnectionsPerAuthKey', source, { nullable: true })
  for (const key of ['connectionBytesPerSecond', 'accountBytesPerSecond', 'maxConnectionsPerAuthKey']) {
    if (value[key] === 0) throw new ProfileError(`${source}.${key} must be positive or null (no limit)`)
  }
  if (value.rttByDc !== undefined) {
    if (!isObj(value.rttByDc)) throw new ProfileError(`${source}.rttByDc must be an object`)
    for (const dc of Object.keys(value.rttByDc)) {
      if (!/^\d+$/.test(dc)) throw new ProfileError(`${source}.rttByDc: "${dc}" is not a DC id`)
      num(value.rttByDc, dc, `${source}.rttByDc`)
    }
  }
  if (!Array.isArray(value.rateLimits)) throw new ProfileError(`${source}.rateLimits must be an array`)
  value.rateLimits.forEach((limit: unknown, i: number) => {
    const where = `${source}.rateLimits[${i}]`
    if (!isObj(limit) || typeof limit.method !== 'string')
      throw new ProfileError(`${where}.method must be a string`)
    num(limit, 'requests', where)
    num(limit, 'perSeconds', where)
    if (limit.requests === 0 || limit.perSeconds === 0)
      throw new ProfileError(`${where}: zero is not a limit`)
  })
  if (value.premiumBudget !== null) {
    const b = value.premiumBudget
    if (!isObj(b)) throw new ProfileError(`${source}.premiumBudget must be an object or null`)
    num(b, 'bytes', `${source}.premiumBudget`)
    num(b, 'windowSeconds', `${source}.premiumBudget`)
    if (
      b.methods !== undefined &&
      !(Array.isArray(b.methods) && b.methods.every((m) => typeof m === 'string'))
    )
      throw new ProfileError(`${source}.premiumBudget.methods must be an array of method names`)
  }
  if (value.faults !== null) {
    const f = value.faults
    if (!isObj(f)) throw new ProfileError(`${source}.faults must be an object or null`)
    for (const key of Object.keys(f)) {
      if (!FAULT_KEYS.includes(key)) throw new ProfileError(`${source}.faults: unknown fault "${key}"`)
      num(f, key, `${source}.faults`)
      if (key !== 'floodSeconds' && (f[key] as number) > 1)
        throw new ProfileError(`${source}.faults.${key} is a probability (0..1)`)
    }
  }
  return value as unknown as NetworkProfile
}

/** A preset by name (lan, free, premium, hostile) or a JSON file by path. */
export function loadProfile(nameOrFile: string): NetworkProfile {
  const preset = (PRESETS as Record<string, NetworkProfile | undefined>)[nameOrFile]
  if (preset) return structuredClone(validateProfile(preset, nameOrFile))
  let text: string
  try {
    text = readFileSync(nameOrFile, 'utf8')
  } catch (e) {
    const names = Object.keys(PRESETS).join(', ')
    const reason = e instanceof Error ? e.message : String(e)
    throw new ProfileError(
      `unknown profile "${nameOrFile}": not a preset (${names}) nor a readable file (${reason})`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new ProfileError(`${nameOrFile}: not valid JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  return validateProfile(parsed, nameOrFile)
}

/** The RTT of one DC under a profile, ms. */
export function rttOf(profile: NetworkProfile, dcId: number): number {
  return profile.rttByDc?.[String(dcId)] ?? profile.rttMs
}

/** True when the profile shapes or limits anything (else no middleware is installed). */
export function isShaped(profile: NetworkProfile): boolean {
  return (
    profile.rttMs > 0 ||
    Object.values(profile.rttByDc ?? {}).some((v) => v > 0) ||
    profile.connectionBytesPerSecond !== null ||
    profile.accountBytesPerSecond !== null ||
    profile.rateLimits.length > 0 ||
    profile.premiumBudget !== null
  )
}
