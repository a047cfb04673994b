import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NetworkModel, TestkitCluster } from '../cluster/cluster.js'
import { uploadServices } from '../handlers/upload-services.js'
import { expectedSha256, mediaMessage, within } from './e2e.test-helper.js'

/**
 * A second independent client pinned to an old layer: Debian bookworm's
 * python3-telethon 1.25.1 (layer 144) starts on DC 1, follows PHONE_MIGRATE
 * to its account's DC 2, logs in with a 2FA password, resolves the channel
 * and downloads a file from DC 2 and one from DC 4 (an exported login),
 * every answer down-converted into layer 144's schema. The client runs in
 * Python: telethon-flow.test-helper.py.
 */

const TELETHON_LAYER = 144
const SCRIPT = fileURLToPath(new URL('./telethon-flow.test-helper.py', import.meta.url))

/** The first interpreter that imports telethon: pyenv's `python3` shadows Debian's, which has it. */
function findPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import telethon'], { stdio: 'ignore' })
    if (probe.status === 0) return python
  }
  return undefined
}

const python = findPython()
const skipped = python ? '' : ' (skipped: no python3 imports telethon; apt-get install python3-telethon)'

interface TelethonResult {
  layer: number
  telethon: string
  userId: string
  phone: string
  channelId: string
  files: { msgId: number; dcId: number; size: number; sha256: string }[]
}

interface SeenCall {
  dcId: number
  method: string
  layer: number | undefined
}

/** Runs the script with its input on stdin; resolves its JSON, rejects with its stderr. */
function runTelethon(input: object, signal: AbortSignal): Promise<TelethonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], signal })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as TelethonResult)
      else reject(new Error(`telethon exited ${code}: ${err.slice(-4000)}`))
    })
    child.stdin.end(JSON.stringify(input))
  })
}

describe.skipIf(!python)(
  `Telethon 1.25.1 (layer 144) end to end against the testkit cluster${skipped}`,
  () => {
    let cluster: TestkitCluster
    const seen: SeenCall[] = []
    const stop = new AbortController()

    /** Records every call each DC answers and the layer its connection declared. */
    const recorder: NetworkModel = {
      middleware: (dcId) => (request, ctx, next) => {
        seen.push({ dcId, method: request._, layer: ctx.layer })
        return next()
      },
      hooks: () => undefined,
    }

    beforeAll(async () => {
      cluster = await TestkitCluster.start({ seed: TELETHON_LAYER, network: recorder })
    }, 30_000)
    afterAll(async () => {
      stop.abort()
      await cluster?.close()
    })

    it('signs in with code and 2FA password, resolves tgfetch_media and downloads messages 1 (DC 2) and 4 (DC 4) byte-identical', async () => {
      const account = cluster.world.accounts.find((a) => a.dc === 2 && a.password && !a.premium)
      if (!account) throw new Error('the world has no DC 2 account with a password')
      const channel = cluster.world.channels.find((c) => c.username === 'tgfetch_media')
      const expected = [1, 4].map((msgId) => {
        const { message, file } = mediaMessage(cluster, msgId)
        return { msgId, dcId: message.media?.dc, size: file.size, sha256: expectedSha256(file) }
      })
      expect(expected.map((f) => f.dcId)).toEqual([2, 4])
      const { host, port } = cluster.address(1)
      const rsaKey = cluster.rsaKey

      const result = await within(
        runTelethon(
          {
            host,
            port,
            dcId: 1,
            rsa: { n: rsaKey.n.toString(16), e: Number(rsaKey.e) },
            apiId: cluster.world.apiId,
            apiHash: cluster.world.apiHash,
            phone: account.phone,
            code: account.code,
            password: account.password,
            username: 'tgfetch_media',
            msgIds: [1, 4],
          },
          stop.signal,
        ),
        90_000,
        'telethon',
      )

      expect(result).toEqual({
        layer: TELETHON_LAYER,
        telethon: '1.25.1',
        userId: String(account.userId),
        phone: account.phone,
        channelId: String(channel?.id),
        files: expected,
      })
      // the testkit answered every call in layer 144, the whole flow in order
      expect(new Set(seen.map((c) => c.layer))).toEqual(new Set([TELETHON_LAYER]))
      const flow = [
        [1, 'auth.sendCode'], // PHONE_MIGRATE_2
        [2, 'auth.sendCode'],
        [2, 'auth.signIn'],
        [2, 'account.getPassword'],
        [2, 'auth.checkPassword'],
        [2, 'contacts.resolveUsername'],
        [2, 'channels.getMessages'],
        [2, 'upload.getFile'],
        [2, 'auth.exportAuthorization'],
        [4, 'auth.importAuthorization'],
        [4, 'upload.getFile'],
      ]
      const calls = seen.map((c) => `${c.dcId} ${c.method}`)
      // tgfetch_media is big enough for Telegram's CDN, but Telethon 1.25 cannot follow a CDN redirect
      // and does not ask for one (no cdn_supported): it is answered from the file's own DC, as Telegram does
      expect(uploadServices(cluster.state).cdn.eligible(channel!)).toBe(true)
      expect(calls.filter((c) => /upload\.(getCdnFile|reuploadCdnFile)|help\.getCdnConfig/.test(c))).toEqual(
        [],
      )
      const steps = flow.map(([dcId, method]) => `${dcId} ${method}`)
      expect(steps.filter((s) => !calls.includes(s))).toEqual([])
      const firsts = steps.map((s) => calls.indexOf(s))
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b))
    }, 120_000)
  },
)
