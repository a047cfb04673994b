import type {
  World,
  WorldAccount,
  WorldBot,
  WorldChannel,
  WorldFile,
  WorldMedia,
  WorldMessage,
} from './types.js'

/** Lookups over a world, built once. The world itself stays plain data. */
export class WorldIndex {
  private readonly accountsByPhone = new Map<string, WorldAccount>()
  private readonly usersById = new Map<number, WorldAccount | WorldBot>()
  private readonly botsByToken = new Map<string, WorldBot>()
  private readonly channelsById = new Map<number, WorldChannel>()
  private readonly channelsByUsername = new Map<string, WorldChannel>()
  private readonly channelsByInvite = new Map<string, WorldChannel>()
  private readonly filesById = new Map<string, WorldFile>()
  /** document or photo id → the media and the message that carries it */
  private readonly mediaById = new Map<
    string,
    { media: WorldMedia; channel: WorldChannel; message: WorldMessage }
  >()

  constructor(readonly world: World) {
    for (const a of world.accounts) {
      this.accountsByPhone.set(a.phone, a)
      this.usersById.set(a.userId, a)
    }
    for (const b of world.bots) {
      this.botsByToken.set(b.token, b)
      this.usersById.set(b.userId, b)
    }
    for (const c of world.channels) {
      this.channelsById.set(c.id, c)
      if (c.username) this.channelsByUsername.set(c.username.toLowerCase(), c)
      if (c.invite) this.channelsByInvite.set(c.invite.hash, c)
      for (const m of c.messages)
        if (m.media) this.mediaById.set(m.media.id, { media: m.media, channel: c, message: m })
    }
    for (const f of world.files) this.filesById.set(f.id, f)
  }

  accountByPhone(phone: string): WorldAccount | undefined {
    return this.accountsByPhone.get(phone.replace(/[^0-9]/g, ''))
  }
  user(id: number): WorldAccount | WorldBot | undefined {
    return this.usersById.get(id)
  }
  botByToken(token: string): WorldBot | undefined {
    return this.botsByToken.get(token)
  }
  channel(id: number): WorldChannel | undefined {
    return this.channelsById.get(id)
  }
  channelByUsername(username: string): WorldChannel | undefined {
    return this.channelsByUsername.get(username.toLowerCase())
  }
  channelByInvite(hash: string): WorldChannel | undefined {
    return this.channelsByInvite.get(hash)
  }
  userByUsername(username: string): WorldAccount | WorldBot | undefined {
    const name = username.toLowerCase()
    for (const u of this.usersById.values()) if (u.username?.toLowerCase() === name) return u
    return undefined
  }
  file(id: string): WorldFile | undefined {
    return this.filesById.get(id)
  }
  media(id: string): { media: WorldMedia; channel: WorldChannel; message: WorldMessage } | undefined {
    return this.mediaById.get(id)
  }
  message(channelId: number, msgId: number): WorldMessage | undefined {
    return this.channelsById.get(channelId)?.messages.find((m) => m.id === msgId)
  }
  /** A message posted while the cluster runs: it joins its channel, its media and files become downloadable. */
  addMessage(channel: WorldChannel, message: WorldMessage, files: readonly WorldFile[] = []): void {
    for (const f of files) {
      this.world.files.push(f)
      this.filesById.set(f.id, f)
    }
    channel.messages.push(message)
    if (message.media) this.mediaById.set(message.media.id, { media: message.media, channel, message })
  }
  isBot(userId: number): boolean {
    const u = this.usersById.get(userId)
    return u !== undefined && 'token' in u
  }
}
