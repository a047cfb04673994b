import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/** The newest modification time of the non-test .ts files under a folder. */
function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/**
 * bin/tgfetch.js runs dist/bundle/: builds dist/ (`npm run build`) when it is
 * missing or older than a file of src/. A failing build that still wrote the
 * bundle (esbuild does not check types, and runs before tsc; e.g. while
 * someone is mid-edit) is a warning.
 */
export function ensureDist(root: string, log: (line: string) => void): void {
  const main = join(root, 'dist', 'bundle', 'main.js')
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(join(root, 'src'))) return
  log('dist/ is older than src/: npm run build …')
  const built = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (built.status !== 0) {
    const output = `${built.stdout}${built.stderr}`.trim().split('\n').slice(0, 5).join('\n')
    if (!existsSync(main)) throw new Error(`npm run build failed:\n${output}`)
    log(`warning: npm run build exited with ${built.status}; using dist/ as written:\n${output}`)
  }
}

const RUNNERS = [
  'peer-job.ts',
  'child-report.ts',
  'mtcute-child.ts',
  'gramjs-child.ts',
  'mtcute-list-child.ts',
]

/**
 * Compiles the peer runners to plain ES modules in `dir` (with a link to
 * node_modules), so the peers run on bare `node`: no TypeScript loader in
 * their CPU or RSS (tsx adds ~40 MiB and ~2 CPU-s of start-up).
 */
export function compileRunners(
  root: string,
  dir: string,
): { mtcute: string; gramjs: string; mtcuteList: string } {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  for (const file of RUNNERS) {
    const source = readFileSync(join(root, 'bench', 'runners', file), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText)
  }
  return {
    mtcute: join(dir, 'mtcute-child.js'),
    gramjs: join(dir, 'gramjs-child.js'),
    mtcuteList: join(dir, 'mtcute-list-child.js'),
  }
}
