import { parseArgs } from 'node:util'
import { BACKENDS, type Backend } from './queues.js'

export const PARTS = ['scale', 'photos'] as const
export type Part = (typeof PARTS)[number]

export interface ScaleOptions {
  runs: number
  /** how many `archive run` processes, one account each */
  workers: number[]
  queues: Backend[]
  /** large files in the chat and the size of each */
  files: number
  fileMiB: number
  photos: number
  /** downloads at a time in the photo part: tgfetch's `archive run --workers`, mtcute's concurrency */
  jobs: number
  parts: Part[]
  json: boolean
  build: boolean
  keep: boolean
}

export const SCALE_USAGE = `usage: npx tsx bench/archive-scale.ts [--runs 3] [--workers 1,2,4] [--queues sqlite,redis]
       [--files 32] [--file-mib 32] [--photos 1000] [--jobs 8] [--only scale,photos]
       [--json] [--no-build] [--keep]`

const whole = (text: string | undefined, name: string, min: number, max: number): number => {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be a whole number, ${min} to ${max}`)
  return n
}

function list<T extends string>(text: string | undefined, name: string, known: readonly T[]): T[] {
  const items = (text ?? '').split(',').map((s) => s.trim())
  for (const item of items)
    if (!(known as readonly string[]).includes(item)) throw new Error(`--${name}: unknown "${item}"`)
  return known.filter((k) => items.includes(k))
}

export function parseScaleOptions(argv: string[]): ScaleOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      workers: { type: 'string', default: '1,2,4' },
      queues: { type: 'string', default: BACKENDS.join(',') },
      files: { type: 'string', default: '32' },
      'file-mib': { type: 'string', default: '32' },
      photos: { type: 'string', default: '1000' },
      jobs: { type: 'string', default: '8' },
      only: { type: 'string', default: PARTS.join(',') },
      json: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${SCALE_USAGE}\n`)
    process.exit(0)
  }
  const workers = [...new Set((values.workers ?? '').split(',').map((w) => whole(w, 'workers', 1, 16)))]
  return {
    runs: whole(values.runs, 'runs', 1, 50),
    workers: workers.sort((a, b) => a - b),
    queues: list(values.queues, 'queues', BACKENDS),
    files: whole(values.files, 'files', 1, 1000),
    fileMiB: whole(values['file-mib'], 'file-mib', 1, 4000),
    photos: whole(values.photos, 'photos', 1, 10_000),
    jobs: whole(values.jobs, 'jobs', 1, 64),
    parts: list(values.only, 'only', PARTS),
    json: values.json ?? false,
    build: !values['no-build'],
    keep: values.keep ?? false,
  }
}
