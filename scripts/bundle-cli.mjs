// The CLI as CommonJS bundles, one file per entry, for `npm run build`
// (dist/bundle/) and for the tests (vitest.global-setup.ts), so both run the
// same bundle. CommonJS because Node starts it without its ES module loader,
// and because V8's code cache (src/cli/code-cache.ts) takes a script, not a
// module; a command's modules, imported dynamically, are evaluated only when
// it runs. Packages stay external (most are one command's), except the
// pure-JS ones every command loads: better-sqlite3's JavaScript among them (its
// addon is found by src/client/storage/database.ts), and @mtcute/wasm, whose
// CommonJS build warns that it is deprecated (its .wasm files are copied beside
// the bundle).
// `outdir` must sit two folders below the package, as dist/<layer>/ does, so
// `../../native/…` still finds the addon.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const BUNDLED = new Set([
  'commander',
  'long',
  'env-paths',
  '@mtcute/tl-runtime',
  '@mtcute/wasm',
  'better-sqlite3',
])
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const EXTERNAL = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => !BUNDLED.has(d))

const LAZY = 'lazy-builtin'

/**
 * Node's modules that a command may never use, loaded on first use: commander
 * requires child_process (with dgram) for executable subcommands, which
 * tgfetch has none of, and zlib serves only gzip_packed answers and the Full
 * transport. Each is a module in the bundle whose exports (the names this Node
 * has) are getters that require the real one once. The others stay plain
 * `require`s: those a `get` needs before its first request anyway.
 */
const lazyBuiltins = {
  name: LAZY,
  setup(b) {
    b.onResolve({ filter: /^(node:)?(child_process|zlib)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '')
      // the real module, required by the lazy one
      if (args.namespace === LAZY) return { path: `node:${name}`, external: true }
      return { path: name, namespace: LAZY }
    })
    b.onLoad({ filter: /.*/, namespace: LAZY }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`))
      return {
        loader: 'js',
        contents: `let real
const load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}))
for (const name of ${JSON.stringify(names)})
  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] })`,
      }
    })
  },
}

export async function bundleCli(outdir, extraEntries = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/cli/main.ts',
      start: 'src/cli/start.ts',
      ...extraEntries,
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir,
    external: EXTERNAL,
    plugins: [lazyBuiltins],
    // the sources' ES module idiom, for the file each bundle is
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // no whitespace or comments (names stay, for stack traces): 30 % less to read, and all ASCII, so V8
    // keeps the source one byte per character
    minifyWhitespace: true,
    logLevel: 'warning',
  })
  // data files the code finds beside itself (`new URL('./data/…', import.meta.url)`)
  cpSync(join(root, 'src', 'tl', 'layers', 'data'), join(outdir, 'data'), { recursive: true })
  const wasm = dirname(createRequire(import.meta.url).resolve('@mtcute/wasm'))
  for (const name of ['mtcute.wasm', 'mtcute-simd.wasm']) cpSync(join(wasm, name), join(outdir, name))
  // the package is an ES module one; these files are not
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n')
}
