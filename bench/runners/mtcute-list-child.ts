/**
 * mtcute 0.30.3 (@mtcute/node) archiving one chat's photos in one process:
 * logs in with phone + code, walks the chat's history (iterHistory) and
 * downloads every photo with downloadToFile to `<out>/<msg id>.jpg`, `--jobs`
 * at a time, the clock stopped once all are on disk. Run by archive-scale.ts (compiled); reports like the other peers
 * (child-report.ts), its last line {files, bytes, seconds, cpuSeconds, peakRssMiB}.
 *
 *   node mtcute-list-child.js --servers LINE --phone P --code C --channel NAME --out DIR [--jobs 8] [--dc 2]
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { MemoryStorage, Photo, TelegramClient } from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { DownloadMeter, settledSize } from './child-report.js'
import { dcAddress, readTestkitLine } from './peer-job.js'

const emit = (obj: object): void => {
  process.stdout.write(`${JSON.stringify(obj)}\n`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      servers: { type: 'string' },
      phone: { type: 'string' },
      code: { type: 'string' },
      channel: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string', default: '8' },
      dc: { type: 'string', default: '2' },
    },
  })
  const { servers, phone, code, channel, out } = values
  if (!servers || !phone || !code || !channel || !out)
    throw new Error('needs --servers, --phone, --code, --channel and --out')
  const jobs = Number(values.jobs)
  const dc = Number(values.dc)
  const line = readTestkitLine(servers)
  for (const key of line.rsa) if (key.cdn === undefined) addPublicKey(new NodeCryptoProvider(), key.pem)
  const first = { id: dc, ipAddress: dcAddress(line, dc).host, port: dcAddress(line, dc).port }
  const tg = new TelegramClient({
    apiId: line.apiId,
    apiHash: line.apiHash,
    storage: new MemoryStorage(),
    defaultDcs: { main: first, media: { ...first, mediaOnly: true } },
    disableUpdates: true,
    logLevel: LogManager.OFF,
  })
  await tg.start({ phone, code: () => code, codeSentCallback: () => {} })

  const meter = new DownloadMeter()
  meter.start()
  const written: Array<{ path: string; size: number }> = []
  const running = new Set<Promise<void>>()
  for await (const msg of tg.iterHistory(channel)) {
    const media = msg.media
    if (!(media instanceof Photo)) continue
    while (running.size >= jobs) await Promise.race(running)
    const path = join(out, `${msg.id}.jpg`)
    const size = media.fileSize
    if (size === undefined) throw new Error(`message ${msg.id}: mtcute gives no size for its photo`)
    const done: Promise<void> = tg.downloadToFile(path, media).then(() => {
      written.push({ path, size })
      running.delete(done)
    })
    running.add(done)
  }
  await Promise.all(running)
  // downloadToFile resolves when it ends its write stream, before the stream is flushed:
  // the clock stops once every file is whole on disk
  for (const f of written) meter.bytes += await settledSize(f.path, f.size)
  const files = written.length
  const figures = meter.stop()
  await tg.destroy()
  emit({ ...figures, files })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    emit({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    process.exit(1)
  },
)
