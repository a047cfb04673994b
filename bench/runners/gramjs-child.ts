/**
 * GramJS 2.26.22 (`telegram`) with its defaults: logs in with phone + code,
 * resolves the channel, downloads the message's media with downloadMedia to
 * a file. Run by download-peers.ts (compiled); see peer-job.ts for the arguments.
 */
import { createPublicKey } from 'node:crypto'
import { Api, TelegramClient } from 'telegram'
import { _serverKeys } from 'telegram/crypto/RSA.js'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { type Connection, ConnectionTCPFull } from 'telegram/network/index.js'
import { StringSession } from 'telegram/sessions/index.js'
import { DownloadMeter, runPeer, settledSize, sha256File } from './child-report.js'
import { dcAddress, peerJob, readTestkitLine, type TestkitLine } from './peer-job.js'

/** Registers the testkit's RSA key the way GramJS keeps Telegram's: by signed fingerprint. */
function addServerKey(pem: string, fingerprintHex: string): void {
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  const big = (b64url: string | undefined) =>
    BigInt(`0x${Buffer.from(b64url ?? '', 'base64url').toString('hex')}`)
  _serverKeys.set(BigInt.asIntN(64, BigInt(`0x${fingerprintHex}`)).toString(), {
    n: returnBigInt(big(jwk.n)),
    e: Number(big(jwk.e)),
  })
}

/** GramJS dials port 443 whatever help.getConfig says: its default connection, with each DC's testkit port. */
function testkitPorts(line: TestkitLine): typeof Connection {
  return class extends ConnectionTCPFull {
    constructor(params: ConstructorParameters<typeof Connection>[0]) {
      super({ ...params, port: dcAddress(line, params.dcId).port })
    }
  }
}

await runPeer(async () => {
  const job = peerJob()
  const line = readTestkitLine(job.servers)
  for (const key of line.rsa) if (key.cdn === undefined) addServerKey(key.pem, key.fingerprint)
  const session = new StringSession('')
  session.setDC(job.dc, dcAddress(line, job.dc).host, 443)
  const tg = new TelegramClient(session, line.apiId, line.apiHash, {
    connection: testkitPorts(line),
    baseLogger: new Logger(LogLevel.NONE),
  })
  const errors: Error[] = []
  await tg.start({
    phoneNumber: job.phone,
    phoneCode: async () => job.code,
    password: async () => job.password ?? 'no password expected',
    onError: async (e) => {
      errors.push(e)
      return true
    },
  })
  if (errors.length) throw errors[0]
  const entity = await tg.getEntity(job.channel)
  const [msg] = await tg.getMessages(entity, { ids: [job.message] })
  const doc = msg?.document
  if (!msg || !(doc instanceof Api.Document)) throw new Error(`${job.channel}/${job.message} has no document`)

  const meter = new DownloadMeter()
  meter.start()
  await tg.downloadMedia(msg, {
    outputFile: job.out,
    progressCallback: (downloaded) => {
      meter.bytes = Number(downloaded)
    },
  })
  const figures = meter.stop()
  await settledSize(job.out, Number(doc.size))
  await tg.destroy()
  return { ...figures, sha256: await sha256File(job.out) }
})
