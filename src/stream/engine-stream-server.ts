import type { DownloadEngine, DownloadOptions } from '../download/engine.js'
import type { EngineAccount } from '../download/engine-account.js'
import type { MediaItem } from '../media/media-item.js'
import type { PeerMemory } from '../media/resolve.js'
import { EngineByteSources } from './engine-byte-source.js'
import { MediaCache } from './media-cache.js'
import { mediaResolvers } from './media-resolvers.js'
import { type StreamServer, type StreamServerOptions, startStreamServer } from './server.js'

export interface EngineStreamOptions
  extends Pick<StreamServerOptions, 'host' | 'port' | 'token' | 'onError'> {
  engine: DownloadEngine
  /** links are resolved with this account (the engine's default one) */
  account: EngineAccount
  /** remembered peers of that account (storedPeers) */
  peers?: PeerMemory
  cacheDir: string
  /** the cache's bound in bytes */
  cacheBytes: number
  /** for the downloads the server starts */
  download?: Omit<DownloadOptions, 'path' | 'signal'>
  /** see EngineByteSourcesOptions.idleStopMs */
  idleStopMs?: number
}

export interface EngineStream extends StreamServer {
  cache: MediaCache
  /** the cache path of an item: a download to it (engine.download) is the one requests read from */
  pathOf(item: MediaItem): string
}

/**
 * `tgfetch serve` without the command line: the stream server answering
 * from the engine through a bounded cache. `close()` stops the server; the
 * caller closes the engine (which saves the journals).
 */
export async function startEngineStreamServer(opts: EngineStreamOptions): Promise<EngineStream> {
  const { engine } = opts
  const cache = new MediaCache({
    dir: opts.cacheDir,
    maxBytes: opts.cacheBytes,
    busy: (path) => engine.downloads().some((h) => h.path === path),
  })
  const sources = new EngineByteSources({
    engine,
    cache,
    download: opts.download,
    idleStopMs: opts.idleStopMs,
  })
  const resolvers = mediaResolvers({
    home: () => opts.account.home(),
    peers: opts.peers,
    open: (item) => sources.sourceFor(item),
  })
  const server = await startStreamServer({
    ...resolvers,
    host: opts.host,
    port: opts.port,
    token: opts.token,
    onError: opts.onError,
  })
  await cache.trim()
  return {
    url: server.url,
    cache,
    pathOf: (item) => sources.pathOf(item),
    close: async () => {
      sources.close()
      await server.close()
    },
  }
}
