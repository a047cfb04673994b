// The CLI as ESM bundles split per command, for `npm run build` (dist/bundle/)
// and for the tests (vitest.global-setup.ts), so both run the same bundle.
// Packages stay external: better-sqlite3, the wasm and the native addon find
// their files beside themselves. `outdir` must sit two folders below the
// package, as dist/<layer>/ does, so `../../native/…` still finds the addon.
import { cpSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export async function bundleCli(outdir, extraEntries = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/cli/main.ts',
      'prepare-process': 'src/cli/prepare-process.ts',
      ...extraEntries,
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
  cpSync(join(root, 'src', 'tl', 'layers', 'data'), join(outdir, 'data'), { recursive: true })
}
