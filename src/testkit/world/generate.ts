import { Prng } from './prng.js'
import type {
  DcId,
  MediaKind,
  World,
  WorldAccount,
  WorldChannel,
  WorldFile,
  WorldMedia,
  WorldMessage,
} from './types.js'

const MIB = 1024 * 1024
const BASE_DATE = 1_767_225_600 // 2026-01-01

export interface GenerateOptions {
  seed?: number
  /** size of the large document in the public channel (default 256 MiB) */
  largeFileSize?: number
  fileReferenceTtl?: number
}

/**
 * A deterministic world for tests and demos: accounts on every DC (some
 * premium, one with 2FA), a bot, a big public channel (CDN-eligible) with
 * every media kind and an album, a small public channel, a private channel
 * behind an invite, a forum with topics and a discussion group with comments.
 */
export function generateWorld(opts: GenerateOptions = {}): World {
  const seed = opts.seed ?? 1
  const rng = new Prng(seed)
  const files: WorldFile[] = []
  let nextUserId = 1_000_000 + rng.int(0, 999) * 1000
  let nextMediaId = 5_000_000

  const account = (dc: DcId, n: number, extra: Partial<WorldAccount> = {}): WorldAccount => ({
    userId: nextUserId++,
    accessHash: rng.long(),
    phone: `99966${dc}${String(n).padStart(4, '0')}`,
    code: String(dc).repeat(5),
    premium: false,
    dc,
    firstName: `Test ${dc}-${n}`,
    ...extra,
  })
  const accounts: WorldAccount[] = [
    ...([1, 2, 3, 4, 5] as DcId[]).map((dc) => account(dc, 1)),
    account(2, 2, { premium: true, username: 'premium_two' }),
    account(4, 2, { premium: true }),
    account(2, 3, { password: 'testkit-2fa' }),
  ]
  const botId = nextUserId++
  const bots = [
    {
      userId: botId,
      accessHash: rng.long(),
      token: `${botId}:${rng.hex(16)}`,
      dc: 2 as DcId,
      username: 'tgfetch_test_bot',
    },
  ]

  const file = (size: number, dc: DcId): string => {
    const id = `f${files.length + 1}`
    files.push({ id, size, dc })
    return id
  }
  const document = (kind: MediaKind, size: number, dc: DcId, mime: string, name: string): WorldMedia => ({
    kind,
    id: String(nextMediaId++),
    accessHash: rng.long(),
    dc,
    fileId: file(size, dc),
    mime,
    name,
    ...(kind === 'video' || kind === 'round' ? { w: 1280, h: 720, duration: 60 } : {}),
    ...(kind === 'voice' || kind === 'audio' ? { duration: 30 } : {}),
  })
  const photo = (dc: DcId): WorldMedia => ({
    kind: 'photo',
    id: String(nextMediaId++),
    accessHash: rng.long(),
    dc,
    mime: 'image/jpeg',
    sizes: [
      { type: 's', w: 90, h: 60, fileId: file(rng.int(2, 4) * 1024, dc) },
      { type: 'm', w: 320, h: 213, fileId: file(rng.int(12, 20) * 1024, dc) },
      { type: 'x', w: 800, h: 533, fileId: file(rng.int(60, 90) * 1024, dc) },
      { type: 'y', w: 1280, h: 853, fileId: file(rng.int(150, 250) * 1024, dc) },
    ],
  })
  const posts = (media: Array<WorldMedia | undefined>, extra: Partial<WorldMessage> = {}): WorldMessage[] =>
    media.map((m, i) => ({
      id: 0,
      date: BASE_DATE + i * 60,
      text: m ? `${m.kind} ${m.name ?? m.id}` : 'text',
      media: m,
      ...extra,
    }))
  const numbered = (messages: WorldMessage[], first = 1): WorldMessage[] =>
    messages.map((m, i) => ({ ...m, id: first + i, date: BASE_DATE + (first + i) * 60 }))

  const album = rng.long()
  const big: WorldChannel = {
    id: 1_500_000_001,
    accessHash: rng.long(),
    title: 'tgfetch media',
    kind: 'channel',
    username: 'tgfetch_media',
    members: [],
    participantsCount: 250_000, // over 100,000: files may go to CDN DCs
    messages: numbered([
      ...posts([
        document('document', 4 * MIB + 12345, 2, 'application/zip', 'archive.zip'),
        document('video', opts.largeFileSize ?? 256 * MIB, 2, 'video/mp4', 'big-video.mp4'),
        photo(2),
        document('document', 3 * MIB, 4, 'application/pdf', 'report-on-dc4.pdf'),
        document('voice', 48 * 1024, 2, 'audio/ogg', 'voice.ogg'),
        document('round', 900 * 1024, 2, 'video/mp4', 'round.mp4'),
        document('sticker', 24 * 1024, 2, 'image/webp', 'sticker.webp'),
        document('audio', 5 * MIB, 2, 'audio/mpeg', 'song.mp3'),
        undefined,
      ]),
      ...posts([photo(2), photo(2), document('video', 2 * MIB, 2, 'video/mp4', 'clip.mp4')], {
        groupedId: album,
      }),
    ]),
  }
  const discussion: WorldChannel = {
    id: 1_500_000_002,
    accessHash: rng.long(),
    title: 'tgfetch media chat',
    kind: 'supergroup',
    username: 'tgfetch_media_chat',
    members: [],
    participantsCount: 5_000,
    messages: numbered(
      posts([undefined, document('document', 700 * 1024, 2, 'image/png', 'comment.png')], {
        replyToPost: { channelId: big.id, msgId: 1 },
        fromId: accounts[0]!.userId,
      }),
    ),
  }
  big.linkedChatId = discussion.id
  const small: WorldChannel = {
    id: 1_500_000_003,
    accessHash: rng.long(),
    title: 'tgfetch small',
    kind: 'channel',
    username: 'tgfetch_small',
    members: [],
    participantsCount: 1_000,
    messages: numbered(posts([document('document', 1 * MIB, 3, 'text/plain', 'notes.txt'), photo(3)])),
  }
  const hidden: WorldChannel = {
    id: 1_500_000_004,
    accessHash: rng.long(),
    title: 'tgfetch private',
    kind: 'channel',
    invite: { hash: rng.hex(8) },
    members: [accounts[1]!.userId],
    participantsCount: 3,
    messages: numbered(
      posts([document('document', 2 * MIB + 77, 2, 'application/octet-stream', 'secret.bin')]),
    ),
  }
  const forumMessages = numbered([
    ...posts([undefined], { text: 'Topic: releases' }),
    ...posts([document('document', 1536 * 1024, 1, 'application/x-tar', 'release.tar')], { topicId: 1 }),
    ...posts([undefined], { text: 'Topic: photos' }),
    ...posts([photo(1)], { topicId: 3 }),
  ])
  const forum: WorldChannel = {
    id: 1_500_000_005,
    accessHash: rng.long(),
    title: 'tgfetch forum',
    kind: 'supergroup',
    forum: true,
    username: 'tgfetch_forum',
    members: [],
    participantsCount: 800,
    topics: [
      { id: 1, title: 'releases' },
      { id: 3, title: 'photos' },
    ],
    messages: forumMessages,
  }
  return {
    seed,
    apiId: 20_000 + rng.int(0, 9999),
    apiHash: rng.hex(16),
    accounts,
    bots,
    channels: [big, discussion, small, hidden, forum],
    files,
    fileReferenceTtl: opts.fileReferenceTtl ?? 3600,
  }
}
