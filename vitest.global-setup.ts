/**
 * Bundles the CLI (and the crash test's child) once per test run with
 * esbuild, so the many tests that spawn `tgfetch` start a plain ESM file
 * instead of compiling every module again through tsx in each child: about
 * 1.5 CPU-seconds saved per spawn. The bundle sits two folders below the
 * repository, like `dist/<layer>/`, so `../../native/…` still finds the addon.
 */
import { cp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** folder of the bundled entries: `main.js` (the CLI), `crash-child.js` */
    cliBundle: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outdir = join(import.meta.dirname, '.tgfetch-tmp', `bundle-${process.pid}`)
  await build({
    entryPoints: {
      main: 'src/cli/main.ts',
      'crash-child': 'src/download/crash-child.test-helper.ts',
    },
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
  await cp('src/tl/layers/data', join(outdir, 'data'), { recursive: true })
  project.provide('cliBundle', outdir)
  return () => rm(outdir, { recursive: true, force: true })
}
