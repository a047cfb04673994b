/**
 * Encrypted RPC payload throughput, client ↔ server on loopback: our client
 * downloads with upload.getFile from our DC server (both roles in this
 * process, so the figure is the cost of the whole MTProto path on one side
 * each: framing, AES-IGE, msg_key checks, TL).
 *
 *   npx tsx bench/rpc-loopback.ts [MiB]
 */
import Long from 'long'
import { generateRsaKey, igeBackend } from '../src/crypto/index.js'
import { fetchParts } from '../src/download/fetch-parts.test-helper.js'
import { openClientSession } from '../src/mtproto/index.js'
import { DcServer, HandlerRegistry } from '../src/mtproto/server-role/index.js'
import { SyntheticContent } from '../src/testkit/content/synthetic-content.js'
import { registerCatalogUpload } from '../src/testkit/handlers/catalog-upload.test-helper.js'
import type { TransportName } from '../src/transport/index.js'

const MIB = 1024 * 1024
const sizeMiB = Number(process.argv[2] ?? 256)
const rsa = generateRsaKey(2048)
const registry = new HandlerRegistry()
registerCatalogUpload(registry, new Map([['1', new SyntheticContent('bench', sizeMiB * MIB)]]))
const dc = new DcServer({ dcId: 2, rsaKeys: [rsa], registry })
const { host, port } = await dc.listen()
const location = {
  _: 'inputDocumentFileLocation',
  id: Long.fromInt(1),
  accessHash: Long.ZERO,
  fileReference: new Uint8Array(0),
  thumbSize: '',
} as const

console.log(
  `rpc-loopback: ${sizeMiB} MiB of upload.getFile payload, AES-IGE ${igeBackend()}, node ${process.version}`,
)
const cases: Array<[TransportName, boolean, number, number]> = [
  ['intermediate', false, 1, 1],
  ['intermediate', false, 1, 4],
  ['intermediate', false, 4, 4],
  ['abridged', true, 4, 4],
]
for (const [transport, obfuscated, connections, inFlight] of cases) {
  const sessions = await Promise.all(
    Array.from({ length: connections }, () =>
      openClientSession({ host, port, dcId: 2, transport, obfuscated, publicKeys: [rsa] }).then(
        (o) => o.session,
      ),
    ),
  )
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  await fetchParts(sessions, location, { size: sizeMiB * MIB, inFlight, onPart: () => {} })
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const label = `${transport}${obfuscated ? '+obfuscated2' : ''} ${connections} conn × ${inFlight} in flight`
  const mbs = (sizeMiB * MIB) / 1e6 / seconds
  const cpuPerGb = (cpu.user + cpu.system) / 1e6 / ((sizeMiB * MIB) / 1e9)
  console.log(
    `${label.padEnd(44)} ${mbs.toFixed(1).padStart(7)} MB/s   ${cpuPerGb.toFixed(2)} CPU-s/GB (client+server)`,
  )
  for (const s of sessions) s.close()
}
await dc.close()
