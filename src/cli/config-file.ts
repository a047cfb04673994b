import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import envPaths from 'env-paths'
import { UsageError } from './usage-error.js'

/** Defaults a user can keep in a file; flags and the environment win over them. */
export interface ConfigFile {
  apiId?: number | string
  apiHash?: string
  proxy?: string
  transport?: string
  /** defaults of the download commands' flags of the same names */
  output?: string
  template?: string
  connections?: number
  account?: string
}

const STRING_KEYS = ['apiHash', 'proxy', 'transport', 'output', 'template', 'account'] as const

/**
 * Where the config file is: `TGFETCH_CONFIG`, else `config.json` in the
 * platform's config folder (`$XDG_CONFIG_HOME/tgfetch` on Linux), else
 * `config.json` in the data folder (where earlier versions kept it).
 */
export function configPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TGFETCH_CONFIG) return env.TGFETCH_CONFIG
  const xdgHome = env.XDG_CONFIG_HOME
  const configDir = xdgHome ? join(xdgHome, 'tgfetch') : envPaths('tgfetch', { suffix: '' }).config
  for (const candidate of [join(configDir, 'config.json'), join(dataDir, 'config.json')])
    if (existsSync(candidate)) return candidate
  return undefined
}

/** The config file, checked: a clear UsageError (exit 2) for anything malformed. */
export function readConfigFile(path: string | undefined): ConfigFile {
  if (!path || !existsSync(path)) return {}
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`${path}: not JSON (${(e as Error).message})`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UsageError(`${path}: not an object`)
  const raw = json as Record<string, unknown>
  for (const key of STRING_KEYS)
    if (raw[key] !== undefined && typeof raw[key] !== 'string')
      throw new UsageError(`${path}: ${key} is not a string`)
  if (raw.apiId !== undefined && typeof raw.apiId !== 'number' && typeof raw.apiId !== 'string')
    throw new UsageError(`${path}: apiId is not a number`)
  if (
    raw.connections !== undefined &&
    !(Number.isInteger(raw.connections) && (raw.connections as number) > 0)
  )
    throw new UsageError(`${path}: connections is not a positive whole number`)
  const known = new Set<string>(['apiId', 'connections', ...STRING_KEYS])
  const unknown = Object.keys(raw).filter((k) => !known.has(k))
  if (unknown.length)
    throw new UsageError(`${path}: unknown setting ${unknown.join(', ')} (known: ${[...known].join(', ')})`)
  return raw as ConfigFile
}

/** Fills the command's flags that were left at their defaults from the config file. */
export function applyConfigDefaults<T extends object>(cmd: Command, opts: T, config: ConfigFile): T {
  const out = { ...opts } as Record<string, unknown>
  for (const key of ['output', 'template', 'connections', 'account'] as const) {
    const source = cmd.getOptionValueSource(key)
    if (config[key] !== undefined && (source === undefined || source === 'default')) out[key] = config[key]
  }
  return out as T
}
