import { generateWorld } from '../../src/testkit/world/generate.js'
import { Prng } from '../../src/testkit/world/prng.js'
import type {
  World,
  WorldAccount,
  WorldChannel,
  WorldFile,
  WorldMessage,
} from '../../src/testkit/world/types.js'

const MIB = 1024 * 1024
const KIB = 1024
const BASE_DATE = 1_767_225_600 // 2026-01-01, as the generated world's posts

export const LARGE_CHAT = 'bench_large'
export const PHOTO_CHAT = 'bench_photos'

export interface ArchiveWorldOptions {
  /** documents in LARGE_CHAT and the size of each */
  largeFiles: number
  largeMiB: number
  /** photos in PHOTO_CHAT, each 100–300 KiB at its largest size */
  photos: number
  /** plain accounts: one per worker process, one more for mtcute */
  accounts: number
}

export interface ArchiveWorld {
  world: World
  /** 99966202NN on DC 2, the files' DC (no export/importAuthorization), all plain (free) */
  accounts: WorldAccount[]
}

/**
 * The seeded world (seed 1, its big video shrunk to 1 MiB: nobody fetches it)
 * plus two public channels on DC 2 for the archive bench: LARGE_CHAT with
 * `largeFiles` documents of `largeMiB` each, PHOTO_CHAT with `photos` photos
 * whose largest size is 100–300 KiB (a seeded spread, the same every run).
 */
export function archiveWorld(opts: ArchiveWorldOptions): ArchiveWorld {
  const world = generateWorld({ seed: 1, largeFileSize: MIB })
  const rng = new Prng(4242)
  let mediaId = 9_000_000
  const file = (size: number): string => {
    const f: WorldFile = { id: `bench${world.files.length + 1}`, size, dc: 2 }
    world.files.push(f)
    return f.id
  }
  const channel = (id: number, username: string, messages: WorldMessage[]): WorldChannel => ({
    id,
    accessHash: rng.long(),
    title: username,
    kind: 'channel',
    username,
    members: [],
    participantsCount: 1_000, // under 100,000: no CDN, every byte from DC 2
    messages,
  })
  const post = (i: number, text: string, media: WorldMessage['media']): WorldMessage => ({
    id: i + 1,
    date: BASE_DATE + i * 60,
    text,
    media,
  })
  const large = Array.from({ length: opts.largeFiles }, (_, i) =>
    post(i, `part ${i + 1}`, {
      kind: 'document',
      id: String(mediaId++),
      accessHash: rng.long(),
      dc: 2,
      fileId: file(opts.largeMiB * MIB + i),
      mime: 'application/octet-stream',
      name: `part-${i + 1}.bin`,
    }),
  )
  const photos = Array.from({ length: opts.photos }, (_, i) =>
    post(i, `photo ${i + 1}`, {
      kind: 'photo',
      id: String(mediaId++),
      accessHash: rng.long(),
      dc: 2,
      mime: 'image/jpeg',
      sizes: [
        { type: 'm', w: 320, h: 213, fileId: file(rng.int(12, 20) * KIB) },
        { type: 'y', w: 1280, h: 853, fileId: file(rng.int(100, 300) * KIB) },
      ],
    }),
  )
  world.channels.push(channel(1_600_000_001, LARGE_CHAT, large), channel(1_600_000_002, PHOTO_CHAT, photos))
  let userId = Math.max(...world.accounts.map((a) => a.userId), ...world.bots.map((b) => b.userId)) + 1000
  const accounts = Array.from(
    { length: opts.accounts },
    (_, i): WorldAccount => ({
      userId: userId++,
      accessHash: rng.long(),
      phone: `99966202${String(i + 1).padStart(2, '0')}`,
      code: '22222',
      premium: false,
      dc: 2,
      firstName: `Archive bench ${i + 1}`,
    }),
  )
  world.accounts.push(...accounts)
  return { world, accounts }
}
