import { sleep } from '../../../async/index.js'
import type { AccountSessions } from '../../../client/account-session.js'
import { channelsWithNewPosts } from '../../../media/channel-updates.js'

/**
 * Which watched chats Telegram said have new posts, from the updates it
 * pushes on the account's sessions, and a wait between polls that a push
 * ends early. The push is only a reason to look: the chat is then listed from
 * its last post done, as a poll lists it, so a missed update costs at most one
 * poll interval and a pts gap costs nothing.
 */
export class PushedPosts {
  private readonly pushed = new Set<number>()
  private wake: (() => void) | undefined
  private readonly stop: () => void

  /** `watched`: the channel ids of the watched chats. */
  constructor(account: AccountSessions, watched: ReadonlySet<number>) {
    this.stop = account.onUpdate((update) => {
      const ids = channelsWithNewPosts(update)
      for (const id of ids === 'all' ? watched : ids) if (watched.has(id)) this.pushed.add(id)
      if (this.pushed.size > 0) this.wake?.()
    })
  }

  /** The channels pushed since the last take. */
  take(): Set<number> {
    const taken = new Set(this.pushed)
    this.pushed.clear()
    return taken
  }

  /** Resolves after `ms`, when a post is pushed (at once if one already was), or when `signal` aborts. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pushed.size > 0 || signal.aborted) return
    const done = new AbortController()
    await new Promise<void>((resolve) => {
      this.wake = resolve
      sleep(ms, AbortSignal.any([signal, done.signal])).then(resolve, resolve)
    })
    this.wake = undefined
    done.abort()
  }

  close(): void {
    this.stop()
  }
}
