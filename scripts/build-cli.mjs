#!/usr/bin/env node
// The CLI as one CommonJS bundle in dist/bundle/ (bundle-cli.mjs): `tgfetch get`
// then reads a few files instead of resolving and compiling ~300 modules of
// dist/ (bench/startup.ts, bench/first-byte.ts).
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleCli } from './bundle-cli.mjs'

const outdir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })
await bundleCli(outdir)
