import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { createInterface, type Interface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { cliMain } from '../../cli/cli-bundle.test-helper.js'
import { parseRsaPublicKeyPem } from '../../crypto/index.js'
import { fingerprintHex, type TestkitDescription } from './describe.js'

const root = new URL('../../../', import.meta.url).pathname

/** The child's next stdout line; if it exits or stays silent instead, the error carries its stderr. */
function nextLine(child: ChildProcess, lines: Interface, stderr: () => string, ms = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      lines.off('line', onLine)
      child.off('exit', onExit)
      reject(new Error(`${why}; its stderr:\n${stderr()}`))
    }
    const onLine = (line: string): void => {
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(line)
    }
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer)
      fail(`testkit serve exited (code ${code}, signal ${signal}) before printing a line`)
    }
    const timer = setTimeout(() => fail(`no line from testkit serve in ${ms} ms`), ms)
    lines.once('line', onLine)
    child.once('exit', onExit)
  })
}

const canConnect = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

describe('tgfetch testkit serve --json', () => {
  let child: ChildProcess | undefined
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
  })

  it('prints one JSON line, serves, takes fault commands on stdin, and exits cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [cliMain(), 'testkit', 'serve', '--json', '--profile', 'free', '--seed', '3'],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    const lines = createInterface({ input: child.stdout! })
    const next = (): Promise<string> => nextLine(child!, lines, () => stderr)
    const d = JSON.parse(await next()) as TestkitDescription
    expect(d.dcs.map((dc) => dc.id)).toEqual([1, 2, 3, 4, 5, 201])
    expect(d.dcs.find((dc) => dc.id === 201)?.cdn).toBe(true)
    for (const dc of d.dcs) expect(await canConnect(dc.host, dc.port)).toBe(true)
    expect(d.rsa.length).toBeGreaterThanOrEqual(2)
    expect(d.rsa[0]!.cdn).toBeUndefined()
    expect(d.rsa.some((k) => k.cdn === 201)).toBe(true)
    for (const k of d.rsa) expect(fingerprintHex(parseRsaPublicKeyPem(k.pem).fingerprint)).toBe(k.fingerprint)
    expect(typeof d.apiId).toBe('number')
    expect(d.accounts.some((a) => a.premium)).toBe(true)
    expect(d.accounts.every((a) => /^99966\d{5}$/.test(a.phone))).toBe(true)
    expect(d.bots[0]?.token).toMatch(/^\d+:/)
    const media = d.channels.flatMap((c) => c.messages.map((m) => m.media))
    expect(media.length).toBeGreaterThan(3)
    for (const m of media) {
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(m.size).toBeGreaterThan(0)
    }

    child.stdin!.write('flood:n=1,seconds=3\n')
    expect(JSON.parse(await next())).toEqual({ event: 'fault', fault: 'flood', ok: true })
    child.stdin!.write('explode\n')
    expect(JSON.parse(await next()).event).toBe('error')
    child.stdin!.write('stats\n')
    const stats = JSON.parse(await next())
    expect(stats.event).toBe('stats')
    expect(stats.stats.violations.floodWaitIgnored).toBe(0)

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 90_000)
})
