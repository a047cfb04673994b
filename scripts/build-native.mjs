#!/usr/bin/env node
// Builds the optional AES-256-IGE addon (native/aes-ige) at `npm install` time.
// Never downloads anything and never fails the install: on any problem it
// prints one line and exits 0, and tgfetch uses the WebAssembly AES-IGE.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const addonDir = join(root, 'native', 'aes-ige')

function fallback(reason) {
  console.log(`tgfetch: native AES-IGE not built (${reason}); the WebAssembly fallback will be used.`)
  process.exit(0)
}

function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp
  if (fromNpm && existsSync(fromNpm)) return fromNpm
  const bin = dirname(process.execPath)
  const candidates = [
    // Unix layouts: <prefix>/bin/node and <prefix>/lib/node_modules/npm
    join(bin, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    // Windows layout: node.exe next to node_modules/npm
    join(bin, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ]
  return candidates.find((p) => existsSync(p))
}

// Headers must already be on this machine; otherwise node-gyp would download them.
function findHeaders() {
  const fromNpm = process.env.npm_config_nodedir
  if (fromNpm) return { nodedir: fromNpm }
  const prefix = resolve(dirname(process.execPath), '..')
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return { nodedir: prefix }
  const version = process.version.slice(1)
  const caches = [
    process.env.npm_config_devdir,
    process.env.XDG_CACHE_HOME && join(process.env.XDG_CACHE_HOME, 'node-gyp'),
    join(homedir(), '.cache', 'node-gyp'),
    join(homedir(), 'Library', 'Caches', 'node-gyp'),
    process.env.LOCALAPPDATA && join(process.env.LOCALAPPDATA, 'node-gyp', 'Cache'),
  ]
  for (const dir of caches) {
    if (dir && existsSync(join(dir, version, 'include', 'node', 'node_api.h'))) return { devdir: dir }
  }
  return undefined
}

function main() {
  if (process.env.TGFETCH_SKIP_NATIVE === '1') fallback('TGFETCH_SKIP_NATIVE=1')
  if (!existsSync(join(addonDir, 'binding.gyp'))) fallback('native/aes-ige/binding.gyp is missing')
  const nodeGyp = findNodeGyp()
  if (!nodeGyp) fallback('node-gyp was not found')

  const headers = findHeaders()
  if (!headers) fallback('no local Node.js headers, and downloading them is not allowed')
  const args = [nodeGyp, 'rebuild', '--directory', addonDir]
  if (headers.nodedir) args.push(`--nodedir=${headers.nodedir}`)
  if (headers.devdir) args.push(`--devdir=${headers.devdir}`)
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 180_000 })
  if (result.error) fallback(result.error.message)
  if (result.status !== 0) {
    const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n')
    const line = lines.find((l) => /Error:|error:/.test(l)) ?? lines.find((l) => /error/i.test(l))
    fallback(line?.replace(/^gyp ERR! (stack )?/, '').trim() || `node-gyp exited with ${result.status}`)
  }
  const built = join(addonDir, 'build', 'Release', 'tgfetch_aes_ige.node')
  if (!existsSync(built)) fallback('node-gyp produced no addon')
  console.log('tgfetch: native AES-IGE addon built.')
}

try {
  main()
} catch (err) {
  fallback(err instanceof Error ? err.message : String(err))
}
