import type { ClientSession } from '../../mtproto/index.js'
import { isConfigStale, type ServerConfigCache, serverConfigFrom } from './server-config.js'
import type { DcEndpoint } from './server-list.js'

const GET_CONFIG_TIMEOUT_MS = 10_000

/**
 * help.getConfig kept across runs and refreshed lazily: a connection asks for
 * it only when none is kept or the kept one has expired, one request at a time.
 */
export class ServerConfigKeeper {
  private refreshing: Promise<void> | undefined

  constructor(
    private readonly cache: ServerConfigCache,
    private readonly now: () => number = Date.now,
  ) {}

  /** the kept addresses, even past `expires`: still the best known until refreshed */
  dcOptions(): DcEndpoint[] {
    return this.cache.load()?.dcOptions ?? []
  }

  /** Resolves once no refresh is under way (whether it worked or not). */
  settled(): Promise<void> {
    return (this.refreshing ?? Promise.resolve()).catch(() => {})
  }

  async refreshIfStale(session: ClientSession, signal?: AbortSignal): Promise<void> {
    const kept = this.cache.load()
    if (kept && !isConfigStale(kept, this.now())) return
    this.refreshing ??= session
      .call({ _: 'help.getConfig' }, { signal, timeoutMs: GET_CONFIG_TIMEOUT_MS })
      .then((config) => this.cache.save(serverConfigFrom(config)))
      .finally(() => {
        this.refreshing = undefined
      })
    await this.refreshing
  }
}
