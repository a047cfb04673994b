/**
 * The testkit's world: who exists, what they posted, where files live. Plain
 * JSON-serializable data, generated from a seed (generate.ts) or loaded from
 * a world file (load.ts). Ids are numbers (Telegram's int53 ids) and access
 * hashes decimal strings (TL longs), so a world file can be written by hand.
 */

export type DcId = 1 | 2 | 3 | 4 | 5

export interface WorldAccount {
  userId: number
  accessHash: string
  /** Telegram's test-DC convention: 99966XYYYY, X = home DC */
  phone: string
  /** X repeated five times */
  code: string
  /** a 2FA password (SRP), when the account has one */
  password?: string
  premium: boolean
  dc: DcId
  firstName: string
  username?: string
}

export interface WorldBot {
  userId: number
  accessHash: string
  /** `<userId>:<secret>` like BotFather's */
  token: string
  dc: DcId
  username: string
}

export type MediaKind = 'photo' | 'video' | 'document' | 'voice' | 'round' | 'sticker' | 'audio'

/** One stored file: the bytes behind a document or a photo size. */
export interface WorldFile {
  /** key into the world's files */
  id: string
  size: number
  dc: DcId
  /** generated from the id (synthetic) unless a path to a real file is given */
  path?: string
}

export interface PhotoSize {
  /** Telegram's size letters: s m x y w */
  type: string
  w: number
  h: number
  fileId: string
}

export interface WorldMedia {
  kind: MediaKind
  /** photo id or document id (TL long as decimal string) */
  id: string
  accessHash: string
  dc: DcId
  /** documents: the file; photos: see sizes */
  fileId?: string
  sizes?: PhotoSize[]
  mime: string
  name?: string
  /** video/voice/round/audio: seconds; video/photo/round: dimensions */
  duration?: number
  w?: number
  h?: number
}

export interface WorldMessage {
  id: number
  /** unix seconds */
  date: number
  text: string
  media?: WorldMedia
  /** album: messages with the same grouped id */
  groupedId?: string
  /** forum topic this message belongs to (the topic's id is its first message) */
  topicId?: number
  /** a comment in a discussion group: the channel post it answers */
  replyToPost?: { channelId: number; msgId: number }
  /** author (user id); channel posts have none */
  fromId?: number
}

export interface WorldChannel {
  id: number
  accessHash: string
  title: string
  /** broadcast channel, or a supergroup (optionally a forum) */
  kind: 'channel' | 'supergroup'
  forum?: boolean
  /** public channels have a username, private ones an invite hash */
  username?: string
  invite?: { hash: string; expired?: boolean }
  /** user ids that joined (private channels are readable only by members) */
  members: number[]
  participantsCount: number
  /** broadcast channel → its discussion group */
  linkedChatId?: number
  /** forum topics: id (= its first message id) and title */
  topics?: Array<{ id: number; title: string }>
  messages: WorldMessage[]
}

export interface World {
  seed?: number
  apiId: number
  apiHash: string
  accounts: WorldAccount[]
  bots: WorldBot[]
  channels: WorldChannel[]
  files: WorldFile[]
  /** file references expire this many seconds after they are handed out (0: never) */
  fileReferenceTtl: number
}
