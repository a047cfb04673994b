#!/usr/bin/env node
// The CLI as one ESM bundle (split per command) in dist/bundle/: `tgfetch get`
// then reads a few files instead of resolving and compiling ~300 modules of
// dist/ (bench/startup.ts, bench/first-byte.ts). Packages stay external:
// better-sqlite3, the wasm and the native addon find their files beside
// themselves. dist/bundle/ sits two folders below the package, as dist/<layer>/
// does, so `../../native/…` still finds the addon.
import { cpSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'young-generation': 'src/cli/young-generation.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  packages: 'external',
  logLevel: 'warning',
})
// data files the code finds beside itself (`new URL('./data/…', import.meta.url)`)
cpSync(join(root, 'src', 'tl', 'layers', 'data'), join(outdir, 'data'), { recursive: true })
