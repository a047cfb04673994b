import { parseArgs } from 'node:util'
import { CLIENTS, type ClientName, PROFILES, type ProfileName } from './types.js'

export interface BenchOptions {
  profiles: ProfileName[]
  sizeMiB: number
  clients: ClientName[]
  json: boolean
  /** per client and profile, download only */
  capSeconds: number
  /** run `npm run build` when dist/ is older than src/ (default) */
  build: boolean
  /** keep the temp folder (worlds, testkit lines, downloads) */
  keep: boolean
}

export const USAGE = `usage: npx tsx bench/download-peers.ts [--profile free|premium|lan|all] [--size-mib 256]
       [--only tgfetch,mtcute,gramjs] [--json] [--cap-seconds 600] [--no-build] [--keep]`

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: 'all' },
      'size-mib': { type: 'string', default: '256' },
      only: { type: 'string', default: CLIENTS.join(',') },
      json: { type: 'boolean', default: false },
      'cap-seconds': { type: 'string', default: '600' },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    process.exit(0)
  }
  const profile = values.profile ?? 'all'
  if (profile !== 'all' && !(PROFILES as readonly string[]).includes(profile))
    throw new Error(`--profile must be one of ${PROFILES.join(', ')} or all`)
  const sizeMiB = Number(values['size-mib'])
  if (!Number.isInteger(sizeMiB) || sizeMiB < 1 || sizeMiB > 4000)
    throw new Error('--size-mib must be a whole number of MiB, 1 to 4000')
  const clients = (values.only ?? '').split(',').map((c) => c.trim())
  for (const c of clients)
    if (!(CLIENTS as readonly string[]).includes(c)) throw new Error(`--only: unknown client "${c}"`)
  const capSeconds = Number(values['cap-seconds'])
  if (!(capSeconds > 0)) throw new Error('--cap-seconds must be positive')
  return {
    profiles: profile === 'all' ? [...PROFILES] : [profile as ProfileName],
    sizeMiB,
    clients: CLIENTS.filter((c) => clients.includes(c)),
    json: values.json ?? false,
    capSeconds,
    build: !values['no-build'],
    keep: values.keep ?? false,
  }
}
