import { chmodSync, mkdirSync } from 'node:fs'
import envPaths from 'env-paths'

/**
 * Where tgfetch keeps its state: `--data-dir`, else `TGFETCH_HOME`, else the
 * platform's data folder (XDG on Linux). Created owner-only (0700).
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = explicit ?? env.TGFETCH_HOME ?? envPaths('tgfetch', { suffix: '' }).data
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return dir
}
