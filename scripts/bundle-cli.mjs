// The CLI as ESM bundles split per command, for `npm run build` (dist/bundle/)
// and for the tests (vitest.global-setup.ts), so both run the same bundle.
// Packages stay external (better-sqlite3, the wasm and the native addon find
// their files beside themselves; most are one command's), except the small
// pure-JS ones every command loads: bundled, they cost no node_modules lookup
// or CommonJS export scan at start-up (~15 ms of a `get`, bench/README.md).
// `outdir` must sit two folders below the package, as dist/<layer>/ does, so
// `../../native/…` still finds the addon.
import { cpSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const BUNDLED = new Set(['commander', 'long', 'env-paths', '@mtcute/tl-runtime'])
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const EXTERNAL = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => !BUNDLED.has(d))

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
    external: EXTERNAL,
    // the bundled CommonJS packages require Node's modules
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
  // data files the code finds beside itself (`new URL('./data/…', import.meta.url)`)
  cpSync(join(root, 'src', 'tl', 'layers', 'data'), join(outdir, 'data'), { recursive: true })
}
