/**
 * mtcute 0.30.3 (@mtcute/node) with its defaults: logs in with phone + code,
 * resolves the channel, downloads the message's media with downloadToFile.
 * Run by download-peers.ts (compiled); see peer-job.ts for the arguments.
 */
import { MemoryStorage, RawDocument, TelegramClient } from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { DownloadMeter, runPeer, sha256File } from './child-report.js'
import { dcAddress, peerJob, readTestkitLine } from './peer-job.js'

await runPeer(async () => {
  const job = peerJob()
  const line = readTestkitLine(job.servers)
  // the testkit's own RSA key, as a client built for it would ship it
  for (const key of line.rsa) if (key.cdn === undefined) addPublicKey(new NodeCryptoProvider(), key.pem)
  const first = { id: job.dc, ipAddress: dcAddress(line, job.dc).host, port: dcAddress(line, job.dc).port }
  const tg = new TelegramClient({
    apiId: line.apiId,
    apiHash: line.apiHash,
    storage: new MemoryStorage(),
    defaultDcs: { main: first, media: { ...first, mediaOnly: true } },
    disableUpdates: true,
    logLevel: LogManager.OFF,
  })
  await tg.start({
    phone: job.phone,
    code: () => job.code,
    password: () => job.password ?? 'no password expected',
    codeSentCallback: () => {},
  })
  const [msg] = await tg.getMessages(job.channel, job.message)
  const media = msg?.media
  if (!(media instanceof RawDocument)) throw new Error(`${job.channel}/${job.message} has no document`)

  const meter = new DownloadMeter()
  meter.start()
  await tg.downloadToFile(job.out, media, {
    progressCallback: (downloaded) => {
      meter.bytes = downloaded
    },
  })
  const figures = meter.stop()
  await tg.destroy()
  return { ...figures, sha256: await sha256File(job.out) }
})
