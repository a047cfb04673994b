import { writeFileSync } from 'node:fs'
import { expectedSha256 } from '../../src/testkit/e2e/e2e.test-helper.js'
import { generateWorld } from '../../src/testkit/world/generate.js'
import type { World, WorldAccount, WorldFile } from '../../src/testkit/world/types.js'
import { CLIENTS, type ClientName, type ProfileName } from './types.js'

const MIB = 1024 * 1024
export const CHANNEL = 'tgfetch_media'
export const MESSAGE = 2

export interface BenchWorld {
  world: World
  /** each client's own fresh account, all at home on DC 2 like the file */
  accounts: Record<ClientName, WorldAccount>
  file: WorldFile
}

/**
 * The seeded world (seed 1) with tgfetch_media/2 resized to `sizeMiB`, plus one
 * account per client (99966201NN, code 22222) on DC 2, the file's DC, so no
 * client pays for export/importAuthorization and per-account limits never mix.
 * They are premium on the premium profile (mtcute opens 8 download
 * connections for premium users instead of 2), plain elsewhere.
 */
export function benchWorld(sizeMiB: number, profile: ProfileName): BenchWorld {
  const world = generateWorld({ seed: 1, largeFileSize: sizeMiB * MIB })
  let nextId = Math.max(...world.accounts.map((a) => a.userId), ...world.bots.map((b) => b.userId)) + 100
  const accounts = {} as Record<ClientName, WorldAccount>
  CLIENTS.forEach((client, i) => {
    const account: WorldAccount = {
      userId: nextId++,
      accessHash: String(7_000_000_000_000 + i),
      phone: `99966201${String(i + 1).padStart(2, '0')}`,
      code: '22222',
      premium: profile === 'premium',
      dc: 2,
      firstName: `Bench ${client}`,
    }
    world.accounts.push(account)
    accounts[client] = account
  })
  const fileId = world.channels.find((c) => c.username === CHANNEL)?.messages.find((m) => m.id === MESSAGE)
    ?.media?.fileId
  const file = world.files.find((f) => f.id === fileId)
  if (!file) throw new Error(`the generated world has no ${CHANNEL}/${MESSAGE}`)
  return { world, accounts, file }
}

export function writeWorld(path: string, world: World): void {
  writeFileSync(path, JSON.stringify(world))
}

const hashes = new Map<string, string>()
/** The SHA-256 the testkit's bytes for the file hash to (content depends on id and size only). */
export function fileSha256(file: WorldFile): string {
  const key = `${file.id}/${file.size}`
  let hash = hashes.get(key)
  if (!hash) {
    hash = expectedSha256(file)
    hashes.set(key, hash)
  }
  return hash
}
