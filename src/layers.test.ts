import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The layers, bottom to top: a file imports from its own layer or below.
 * errors (the one error base) and async (waits, deadlines) are the floor;
 * the files at the top of src (the package's main entry) stand on stream;
 * the archive service stands on them, the CLI on everything.
 */
const LAYERS = [
  'errors',
  'async',
  'tl',
  'crypto',
  'transport',
  'mtproto',
  'client',
  'media',
  'download',
  'stream',
  '',
  'archive',
  'cli',
]
/** The testkit sits beside the client, on top of mtproto. */
const TESTKIT_MAY_IMPORT = new Set(['errors', 'async', 'tl', 'crypto', 'transport', 'mtproto', 'testkit'])
/** Non-test files that may start a testkit: the demo and the `testkit` command. */
const TESTKIT_USERS = [/^cli\/commands\/demo\//, /^cli\/commands\/testkit\.ts$/]
/** The entries a library user imports: none of them may pull in the server role or the testkit. */
const CLIENT_ENTRIES = [
  'mtproto/index.ts',
  'index.ts',
  'client/index.ts',
  'download/index.ts',
  'media/index.ts',
  'stream/index.ts',
  // and the command whose start-up is most of a small download's time
  'cli/commands/get/get.ts',
]
/** the server role, the testkit, and the transports' accepting side */
const SERVER_SIDE = [
  /^mtproto\/server-role\//,
  /^testkit\//,
  /^transport\/(server|accept)\.ts$/,
  /^transport\/http\/server-/,
  /^transport\/ws\/server\.ts$/,
]

const SRC = dirname(fileURLToPath(import.meta.url))
const isTest = (file: string): boolean => /\.test(-helper)?\.ts$/.test(file)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return e.name.endsWith('.ts') ? [relative(SRC, path)] : []
  })
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`
const SPECIFIER =
  /\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm

/** The files under src that `file` imports (package and node: imports left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]!
    if (!spec.startsWith('.')) continue
    const target = relative(SRC, resolve(SRC, dirname(file), spec.replace(/\.js$/, '.ts')))
    found.push(target)
  }
  return found
}

function layerOf(file: string): string {
  const top = file.split('/')
  return top.length === 1 ? '' : top[0]!
}

const files = sourceFiles(SRC)
const graph = new Map(files.map((f) => [f, importsOf(f)]))

function reach(entry: string): Set<string> {
  const seen = new Set<string>()
  const todo = [entry]
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    todo.push(...(graph.get(file) ?? []))
  }
  return seen
}

describe('layers', () => {
  it('reads every relative import as a file that exists', () => {
    const missing = [...graph].flatMap(([from, tos]) =>
      tos.filter((to) => !existsSync(join(SRC, to))).map((to) => `${from} → ${to}`),
    )
    expect(missing).toEqual([])
  })

  it('imports only downward: testkit on mtproto, and the testkit only from tests, the demo and its command', () => {
    const wrong: string[] = []
    for (const [from, tos] of graph) {
      if (isTest(from)) continue
      const fromLayer = layerOf(from)
      for (const to of tos) {
        const toLayer = layerOf(to)
        const ok =
          fromLayer === 'testkit'
            ? TESTKIT_MAY_IMPORT.has(toLayer)
            : toLayer === 'testkit'
              ? TESTKIT_USERS.some((re) => re.test(from))
              : LAYERS.indexOf(toLayer) <= LAYERS.indexOf(fromLayer)
        if (!ok) wrong.push(`${from} → ${to}`)
      }
    }
    // a new top folder must be given its place
    expect(files.map(layerOf).filter((l) => l !== 'testkit' && !LAYERS.includes(l))).toEqual([])
    expect(wrong).toEqual([])
  })

  it('keeps test helpers out of non-test files', () => {
    const wrong = [...graph].flatMap(([from, tos]) =>
      isTest(from) ? [] : tos.filter((to) => to.endsWith('.test-helper.ts')).map((to) => `${from} → ${to}`),
    )
    expect(wrong).toEqual([])
  })

  it.each(CLIENT_ENTRIES)('%s does not reach the server role or the testkit', (entry) => {
    const reached = [...reach(entry)].filter((f) => SERVER_SIDE.some((re) => re.test(f)))
    expect(reached).toEqual([])
  })
})
