import { createHash } from 'node:crypto'
import cliProgress from 'cli-progress'
import Long from 'long'
import { generateRsaKey, igeBackend } from '../crypto/index.js'
import { fetchParts } from '../download/fetch-parts.js'
import { type ClientSession, DcServer, HandlerRegistry, openClientSession } from '../mtproto/index.js'
import { SyntheticContent } from '../testkit/content/synthetic-content.js'
import { registerCatalogUpload } from '../testkit/handlers/catalog-upload.js'
import type { TransportName } from '../transport/index.js'

const MIB = 1024 * 1024
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`)
}

/**
 * The first-run demo: an MTProto DC of our own on 127.0.0.1, our client doing
 * the key exchange over every transport, then a parallel download with a
 * progress bar, checked byte for byte.
 */
export async function runDemo(opts: { sizeMiB?: number; connections?: number } = {}): Promise<void> {
  const size = (opts.sizeMiB ?? 256) * MIB
  const file = new SyntheticContent('demo-video', size)
  const rsa = generateRsaKey(2048)
  const registry = new HandlerRegistry()
  registry.on('help.getNearestDc', () => ({ _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 }))
  registerCatalogUpload(registry, new Map([['1001', file]]))
  const dc = new DcServer({ dcId: 2, rsaKeys: [rsa], registry })
  const { host, port } = await dc.listen()
  out(`tgfetch demo — an MTProto DC of our own on ${host}:${port}, AES-IGE backend: ${igeBackend()}`)
  out()
  out('Key exchange (req_pq_multi → req_DH_params → set_client_DH_params) and a ping, per transport:')
  const sessions: ClientSession[] = []
  const transports: Array<[TransportName, boolean]> = [
    ['abridged', false],
    ['intermediate', false],
    ['padded', true],
    ['full', false],
    ['intermediate', true],
    ['abridged', true],
  ]
  for (const [transport, obfuscated] of transports) {
    const started = performance.now()
    const { session } = await openClientSession({
      host,
      port,
      dcId: 2,
      transport,
      obfuscated,
      publicKeys: [rsa],
    })
    const keyMs = performance.now() - started
    const pingStarted = performance.now()
    await session.ping(Long.fromInt(1))
    const pingMs = performance.now() - pingStarted
    const name = `${transport}${obfuscated ? ' + obfuscated2' : ''}`.padEnd(26)
    out(`  ${name} auth key in ${keyMs.toFixed(0).padStart(4)} ms, ping ${pingMs.toFixed(2)} ms`)
    sessions.push(session)
  }
  const connections = sessions.slice(0, opts.connections ?? 4)
  out()
  out(
    `Downloading a ${size / MIB} MiB file with upload.getFile: ${connections.length} connections × 4 requests of 1 MiB`,
  )
  const bar = new cliProgress.SingleBar(
    { format: '  [{bar}] {percentage}% | {value}/{total} MiB | {speed} MB/s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  bar.start(size / MIB, 0, { speed: '0' })
  const parts = new Map<number, Uint8Array>()
  const started = performance.now()
  let received = 0
  await fetchParts(
    connections,
    {
      _: 'inputDocumentFileLocation',
      id: Long.fromInt(1001),
      accessHash: Long.ZERO,
      fileReference: new Uint8Array(0),
      thumbSize: '',
    },
    {
      size,
      onPart(offset, bytes) {
        parts.set(offset, bytes)
        received += bytes.length
        const seconds = (performance.now() - started) / 1000
        bar.update(received / MIB, { speed: (received / 1e6 / seconds).toFixed(1) })
      },
    },
  )
  bar.stop()
  const seconds = (performance.now() - started) / 1000
  const hash = createHash('sha256')
  for (let offset = 0; offset < size; offset += MIB) hash.update(parts.get(offset)!)
  const got = hash.digest('hex')
  const expected = file.sha256()
  out(`  ${(size / 1e6 / seconds).toFixed(1)} MB/s over encrypted MTProto on loopback`)
  out(`  sha256 ${got} ${got === expected ? '✔ matches the server’s file' : `✘ expected ${expected}`}`)
  for (const session of sessions) session.close()
  await dc.close()
  out()
  out('Both roles above are tgfetch’s own MTProto. Next, as a user would, against the offline Telegram:')
  out('  npx tgfetch testkit serve --json > /tmp/testkit.json &   (then see README: login, accounts, get)')
  out(
    'Against Telegram itself: set TGFETCH_API_ID / TGFETCH_API_HASH and run `npx tgfetch login --phone …` or `--qr`.',
  )
  if (got !== expected) process.exitCode = 1
}
