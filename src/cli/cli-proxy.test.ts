/**
 * `tgfetch get --proxy …` end to end: the real CLI in a child process through Debian's
 * danted (SOCKS5) and tinyproxy (HTTP CONNECT) — skipped, saying why, when not
 * installed — and through the testkit's MTProxy front; files compared byte for byte.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSocks5Proxy } from '../client/proxy/proxy-servers.test-helper.js'
import { type MtproxyFront, startMtproxyFront } from '../testkit/mtproxy/front.js'
import { type CliRun, type CliTestkit, sha256File, startCliTestkit } from './cli-testkit.test-helper.js'
import {
  DANTED,
  missing,
  type RunningProxy,
  startDanted,
  startTinyproxy,
  TINYPROXY,
} from './debian-proxies.test-helper.js'

// a file on DC 3 for an account on DC 2: the download also crosses DCs through the proxy
const LINK = 'https://t.me/tgfetch_small/1'
const USER = 'tguser'
const PASSWORD = 'pw-Zq8vN3xK'

let kit: CliTestkit
const proxies: RunningProxy[] = []
beforeAll(async () => {
  kit = await startCliTestkit(31)
  await kit.login(2)
}, 60_000)
afterAll(async () => {
  for (const p of proxies) p.stop()
  await kit.close()
})

async function getThrough(proxy: string, out: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const dir = join(kit.dir, out)
  const run = await kit.tgfetch(['--proxy', proxy, 'get', LINK, '-o', dir], env)
  expect(run.stderr).not.toMatch(/error/i)
  expect(run.code).toBe(0)
  const media = kit.media('tgfetch_small', 1)
  expect(sha256File(join(dir, media.file))).toBe(media.sha256)
  return run
}

const noDanted = missing(DANTED, 'dante-server')
const noTinyproxy = missing(TINYPROXY, 'tinyproxy')

describe('tgfetch get through proxies', () => {
  it.skipIf(noDanted)(
    `--proxy socks5:// through danted${noDanted ? ` (skipped: ${noDanted})` : ''}`,
    async () => {
      const danted = await startDanted(kit.dir)
      proxies.push(danted)
      await getThrough(`socks5://127.0.0.1:${danted.port}`, 'socks')
      // the flag is honoured: with the proxy gone the same command fails
      danted.stop()
      const gone = await kit.tgfetch([
        '--proxy',
        `socks5://127.0.0.1:${danted.port}`,
        'get',
        LINK,
        '-o',
        kit.dir,
      ])
      expect(gone.code).toBe(5)
    },
    60_000,
  )

  it.skipIf(noTinyproxy)(
    `--proxy http://user:pass@ through tinyproxy${noTinyproxy ? ` (skipped: ${noTinyproxy})` : ''}`,
    async () => {
      const tiny = await startTinyproxy(kit.dir, { user: USER, pass: PASSWORD })
      proxies.push(tiny)
      const run = await getThrough(`http://${USER}:${PASSWORD}@127.0.0.1:${tiny.port}`, 'http')
      expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD)
    },
    60_000,
  )

  describe('an MTProxy link through the testkit front', () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
    const fakeTls = `ee${key}${Buffer.from('www.example.com').toString('hex')}`
    let front: MtproxyFront
    beforeAll(async () => {
      front = await startMtproxyFront({
        secret: Buffer.from(fakeTls, 'hex'),
        resolveDc: (id) => kit.testkit.cluster.address(id),
      })
    })
    afterAll(() => front.close())

    it('tg://proxy?server=…&port=…&secret=ee… (fake TLS)', async () => {
      const run = await getThrough(
        `tg://proxy?server=127.0.0.1&port=${front.port}&secret=${fakeTls}`,
        'mtproxy',
      )
      expect(front.stats.refused).toEqual([])
      // DC 2 for the account, DC 3 for the file: both through the front
      expect(new Set(front.stats.dcIds.map(Math.abs))).toEqual(new Set([2, 3]))
      expect(`${run.stdout}${run.stderr}`).not.toContain(key)
    }, 60_000)
  })
})

describe.skipIf(noTinyproxy)(
  `the proxy password never reaches the output${noTinyproxy ? ` (skipped: ${noTinyproxy})` : ''}`,
  () => {
    let tiny: RunningProxy
    beforeAll(async () => {
      tiny = await startTinyproxy(kit.dir, { user: USER, pass: PASSWORD })
      proxies.push(tiny)
    })
    const output = (run: CliRun) => `${run.stdout}\n${run.stderr}`

    it('not when the proxy refuses it, nor when it cannot be reached, nor in a malformed URL', async () => {
      const wrong = `${PASSWORD}-wrong`
      const refused = await kit.tgfetch([
        '--proxy',
        `http://${USER}:${wrong}@127.0.0.1:${tiny.port}`,
        'get',
        LINK,
      ])
      expect(refused.code).toBe(5)
      expect(refused.stderr).toMatch(/refused CONNECT: 40[17]/)
      expect(output(refused)).not.toContain(wrong)

      const unreachable = await kit.tgfetch([
        '--proxy',
        `socks5://${USER}:${PASSWORD}@127.0.0.1:1`,
        'get',
        LINK,
      ])
      expect(unreachable.code).toBe(5)
      expect(unreachable.stderr).toMatch(/127\.0\.0\.1:1/)
      expect(output(unreachable)).not.toContain(PASSWORD)

      const malformed = await kit.tgfetch([
        '--proxy',
        `http://${USER}:${PASSWORD}@127.0.0.1:99999`,
        'get',
        LINK,
      ])
      expect(malformed.code).toBe(2)
      expect(output(malformed)).not.toContain(PASSWORD)
    }, 90_000)

    it('not when found in the environment and announced', async () => {
      const run = await getThrough('auto', 'auto', {
        HTTPS_PROXY: `http://${USER}:${PASSWORD}@127.0.0.1:${tiny.port}`,
      })
      expect(run.stderr).toContain(`using http://***:***@127.0.0.1:${tiny.port}`)
      expect(output(run)).not.toContain(PASSWORD)
      expect(output(run)).not.toContain(USER)
    }, 60_000)
  },
)

describe('a proxy that refuses the connection: exit code 5 and a sentence naming it by host:port', () => {
  it('nothing listens at its address', async () => {
    const run = await kit.tgfetch(['--proxy', `socks5://${USER}:${PASSWORD}@127.0.0.1:1`, 'get', LINK])
    expect(run.stderr).toBe(
      'tgfetch: the SOCKS5 proxy 127.0.0.1:1 refused the connection (ECONNREFUSED): is it running, at this address?\n',
    )
    expect(run.code).toBe(5)
  }, 60_000)

  it('neither the username nor the password is shown: a SOCKS5 proxy from the environment, as --json too', async () => {
    const socks = await startSocks5Proxy({ auth: { user: USER, pass: PASSWORD } })
    try {
      const url = `socks5://${USER}:${PASSWORD}-wrong@127.0.0.1:${socks.port}`
      const run = await kit.tgfetch(['get', LINK, '-o', kit.dir, '--json'], { ALL_PROXY: url })
      expect(run.stderr).toContain(`using socks5://***:***@127.0.0.1:${socks.port} (ALL_PROXY`)
      expect(run.code).toBe(5)
      for (const secret of [USER, PASSWORD]) expect(`${run.stdout}${run.stderr}`).not.toContain(secret)
    } finally {
      await socks.close()
    }
  }, 60_000)

  it('a SOCKS5 proxy refuses the username and password', async () => {
    const socks = await startSocks5Proxy({ auth: { user: USER, pass: PASSWORD } })
    try {
      const wrong = `${PASSWORD}-wrong`
      const run = await kit.tgfetch([
        '--proxy',
        `socks5://${USER}:${wrong}@127.0.0.1:${socks.port}`,
        'login',
        '--qr',
      ])
      expect(run.stderr).toBe(
        `tgfetch: the SOCKS5 proxy 127.0.0.1:${socks.port} refused the username and password: check them\n`,
      )
      expect(run.code).toBe(5)
    } finally {
      await socks.close()
    }
  }, 60_000)
})
