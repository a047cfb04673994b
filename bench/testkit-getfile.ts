/**
 * How fast one testkit DC serves upload.getFile: the TestkitCluster runs in
 * this process, the client in a child process (so each side has a core of
 * its own), downloading a generated file from DC 2 with C connections × F
 * requests in flight, 1 MiB parts, over intermediate TCP on 127.0.0.1.
 *
 *   npx tsx bench/testkit-getfile.ts [MiB=512] [connections=4] [inFlight=4] [client=ours|raw]
 *
 * `ours` is tgfetch's client (decrypts and checks every answer); `raw` is the
 * fastest possible client: it sends the same encrypted requests but only
 * counts the answers' frames, so the figure is what the server can serve.
 */
import { fork } from 'node:child_process'
import Long from 'long'
import { igeBackend } from '../src/crypto/index.js'
import { fetchParts } from '../src/download/fetch-parts.test-helper.js'
import { openClientSession, toAuthKey } from '../src/mtproto/index.js'
import { TestkitCluster } from '../src/testkit/cluster/cluster.js'
import { generateWorld } from '../src/testkit/world/generate.js'
import { rawDownload } from './raw-getfile-client.js'

const MIB = 1024 * 1024
interface Job {
  port: number
  n: string
  e: string
  fingerprint: string
  id: string
  accessHash: string
  fileReference: string
  size: number
  connections: number
  inFlight: number
  raw: boolean
}
type FromChild = { keyIds: string[] } | { seconds: number; cpu: number }

if (process.argv[2] === '--client') {
  process.once('message', async (job: Job) => {
    const publicKeys = [{ n: BigInt(job.n), e: BigInt(job.e), fingerprint: BigInt(job.fingerprint) }]
    const opened = await Promise.all(
      Array.from({ length: job.connections }, () =>
        openClientSession({
          host: '127.0.0.1',
          port: job.port,
          dcId: 2,
          transport: 'intermediate',
          publicKeys,
        }),
      ),
    )
    process.send?.({ keyIds: opened.map((o) => Buffer.from(toAuthKey(o.authKey).id).toString('hex')) })
    process.once('message', async () => {
      const location = {
        _: 'inputDocumentFileLocation',
        id: Long.fromString(job.id),
        accessHash: Long.fromString(job.accessHash),
        fileReference: Buffer.from(job.fileReference, 'hex'),
        thumbSize: '',
      } as const
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      if (job.raw) {
        // each raw connection takes its share of the file
        const share = Math.ceil(job.size / MIB / opened.length) * MIB
        await Promise.all(
          opened.map((o) => {
            const salt = o.session.state.salt
            o.session.close()
            return rawDownload({
              port: job.port,
              authKey: o.authKey,
              salt,
              location,
              size: share,
              inFlight: job.inFlight,
            })
          }),
        )
      } else {
        await fetchParts(
          opened.map((o) => o.session),
          location,
          { size: job.size, inFlight: job.inFlight, onPart: () => {} },
        )
      }
      const cpu = process.cpuUsage(cpu0)
      process.send?.({ seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 })
      for (const o of opened) o.session.close()
      process.exit(0)
    })
  })
} else {
  const sizeMiB = Number(process.argv[2] ?? 512)
  const connections = Number(process.argv[3] ?? 4)
  const inFlight = Number(process.argv[4] ?? 4)
  const world = generateWorld({ seed: 7, largeFileSize: sizeMiB * MIB })
  const cluster = await TestkitCluster.start({ world, dcIds: [2], cdnDcIds: [] })
  const video = world.channels[0]!.messages.find((m) => m.media?.name === 'big-video.mp4')!.media!
  const child = fork(new URL(import.meta.url).pathname, ['--client'], { execArgv: process.execArgv })
  const job: Job = {
    port: cluster.address(2).port,
    n: cluster.rsaKey.n.toString(),
    e: cluster.rsaKey.e.toString(),
    fingerprint: cluster.rsaKey.fingerprint.toString(),
    id: video.id,
    accessHash: video.accessHash,
    fileReference: Buffer.from(cluster.state.fileReferences.issue(video.id)).toString('hex'),
    size: sizeMiB * MIB,
    connections,
    inFlight,
    raw: process.argv[5] === 'raw',
  }
  let serverCpu = process.cpuUsage()
  child.on('message', (msg: FromChild) => {
    if ('keyIds' in msg) {
      for (const id of msg.keyIds)
        cluster.state.authorizeKey(2, Buffer.from(id, 'hex'), world.accounts[0]!.userId)
      serverCpu = process.cpuUsage()
      child.send('go')
      return
    }
    const cpu = process.cpuUsage(serverCpu)
    const mbs = job.size / 1e6 / msg.seconds
    const gb = job.size / 1e9
    console.log(
      `testkit DC 2 → ${job.raw ? 'raw' : 'our'} client, ${sizeMiB} MiB, ${connections} conn × ${inFlight} in flight, 1 MiB parts, IGE ${igeBackend()}: ` +
        `${mbs.toFixed(1)} MB/s; server ${((cpu.user + cpu.system) / 1e6 / gb).toFixed(2)} CPU-s/GB, client ${(msg.cpu / gb).toFixed(2)} CPU-s/GB`,
    )
    void cluster.close().then(() => process.exit(0))
  })
  child.send(job)
}
