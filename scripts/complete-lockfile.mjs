#!/usr/bin/env node
// The npm registry mirror these machines use has no tarballs for other
// platforms' optional binaries (@rollup/rollup-darwin-arm64, @biomejs/cli-win32-x64, …),
// so `npm install` leaves them out of package-lock.json and `npm ci` then
// refuses the lock as out of sync. This adds a stub entry for each missing
// optional dependency, with the os/cpu it is for, so `npm ci` accepts the
// lock and skips them on this platform as it would anyway.
// Run after changing dependencies: `npm install && node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs'

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))
const packages = lock.packages

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'win32',
  'openharmony',
  'netbsd',
  'openbsd',
  'sunos',
  'aix',
  'cygwin',
]
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32']

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find((p) => OS.includes(p) || p === 'win32') ?? parts.find((p) => p === 'sunos')
  const cpu = parts.find((p) => CPU.includes(p))
  const libc = parts.includes('musl')
    ? 'musl'
    : parts.includes('gnu') || parts.includes('gnueabihf')
      ? 'glibc'
      : undefined
  return { os, cpu, libc }
}

function resolveFrom(dir, name) {
  // node's lookup: nested node_modules first, then each parent, then the root
  let base = dir
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`
    if (packages[candidate]) return candidate
    if (!base) return undefined
    const at = base.lastIndexOf('/node_modules/')
    base = at === -1 ? '' : base.slice(0, at)
  }
}

let added = 0
for (const [dir, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolveFrom(dir, name)) continue
    const { os, cpu, libc } = platformOf(name)
    if (!os && !cpu) continue
    const stub = { version, optional: true }
    if (os) stub.os = [os]
    if (cpu) stub.cpu = [cpu]
    if (libc) stub.libc = [libc]
    packages[`node_modules/${name}`] = stub
    added++
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`complete-lockfile: added ${added} optional platform entries`)
