import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientSession } from '../client-role/open.js'
import { ResendRequiredError } from '../rpc-error.js'
import type { DcServer } from '../server-role/dc-server.js'
import { startTestDc, testRsaKey } from './harness.test-helper.js'

describe('session recovery against our server', () => {
  let dc: DcServer
  let port: number
  const seen: string[] = []

  beforeAll(async () => {
    ;({ dc, port } = await startTestDc(
      (r) => r.on('help.getNearestDc', () => ({ _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 })),
      { hooks: { onMessage: ({ body }) => seen.push(Buffer.from(body.subarray(0, 4)).toString('hex')) } },
    ))
  })
  afterAll(() => dc.close())

  const open = (now?: () => number) =>
    openClientSession({
      host: '127.0.0.1',
      port,
      dcId: 2,
      transport: 'intermediate',
      publicKeys: [testRsaKey()],
      now,
    })

  it('resends after bad_server_salt when the salts rotate', async () => {
    const { session } = await open()
    await session.call({ _: 'help.getNearestDc' })
    const before = session.state.salt
    dc.ctx.keys.rotateSalts()
    dc.ctx.keys.rotateSalts() // the old salt is no longer even the previous one
    const answer = await session.call({ _: 'help.getNearestDc' })
    expect(answer.thisDc).toBe(2)
    expect(session.state.salt.equals(before)).toBe(false)
    expect(session.state.salt.equals(dc.ctx.keys.all().at(-1)!.salt)).toBe(true)
    session.close()
  })

  it('with autoResend false, hands a call the server asks for again back to its caller', async () => {
    const { session } = await open()
    await session.call({ _: 'help.getNearestDc' })
    dc.ctx.keys.rotateSalts()
    dc.ctx.keys.rotateSalts()
    // a caller pacing a method (FLOOD_WAIT) sends it again itself, when it may
    await expect(session.call({ _: 'help.getNearestDc' }, { autoResend: false })).rejects.toThrow(
      ResendRequiredError,
    )
    // the session took the new salt all the same: the caller's second try goes through
    expect(session.state.salt.equals(dc.ctx.keys.all().at(-1)!.salt)).toBe(true)
    const answer = await session.call({ _: 'help.getNearestDc' }, { autoResend: false })
    expect(answer.thisDc).toBe(2)
    session.close()
  })

  it('corrects its clock from bad_msg_notification 16/17 and resends', async () => {
    // the key exchange reports the server time; this client then loses that
    // correction, as a clock jump after login would
    for (const skew of [+3600_000, -3600_000]) {
      const { session } = await open(() => Date.now() + skew)
      session.state.msgIds.timeOffset = 0
      const answer = await session.call({ _: 'help.getNearestDc' })
      expect(answer.thisDc).toBe(2)
      expect(Math.abs(session.state.msgIds.timeOffset * 1000 + skew)).toBeLessThan(5000)
      session.close()
    }
  })

  it('answers a new session with new_session_created and keeps working on the same key', async () => {
    const first = await open()
    await first.session.call({ _: 'help.getNearestDc' })
    first.session.close()
    const again = await openClientSession({
      host: '127.0.0.1',
      port,
      dcId: 2,
      transport: 'abridged',
      publicKeys: [testRsaKey()],
      authKey: first.authKey,
      salt: first.session.state.salt,
    })
    expect((await again.session.call({ _: 'help.getNearestDc' })).thisDc).toBe(2)
    again.session.close()
  })

  it('rejects an unknown auth key with transport error -404', async () => {
    const { session } = await openClientSession({
      host: '127.0.0.1',
      port,
      dcId: 2,
      transport: 'intermediate',
      publicKeys: [testRsaKey()],
      authKey: new Uint8Array(256).fill(7),
    })
    const error = await session.call({ _: 'help.getNearestDc' }).catch((e: unknown) => e)
    expect(String(error)).toMatch(/-404/)
  })

  it('a call honors its AbortSignal and its timeout', async () => {
    dc.ctx.registry.on('help.getCountriesList', () => new Promise(() => {}))
    const { session } = await open()
    const ac = new AbortController()
    const pending = session.call(
      { _: 'help.getCountriesList', langCode: 'en', hash: 0 },
      { signal: ac.signal },
    )
    ac.abort(new Error('user gave up'))
    await expect(pending).rejects.toThrow('user gave up')
    await expect(
      session.call({ _: 'help.getCountriesList', langCode: 'en', hash: 0 }, { timeoutMs: 200 }),
    ).rejects.toThrow(/timed out/)
    session.close()
  })
})

describe('perfect forward secrecy against our server', () => {
  it('runs on a temp key bound to the perm key with auth.bindTempAuthKey', async () => {
    const { dc, port } = await startTestDc((r) =>
      r.on('help.getNearestDc', () => ({ _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 })),
    )
    try {
      const base = {
        host: '127.0.0.1',
        port,
        dcId: 2,
        transport: 'intermediate' as const,
        publicKeys: [testRsaKey()],
      }
      const perm = await openClientSession(base)
      perm.session.close()
      const temp = await openClientSession({ ...base, authKey: perm.authKey, pfs: { expiresIn: 3600 } })
      expect(Buffer.from(temp.authKey).equals(Buffer.from(perm.authKey))).toBe(false)
      expect((await temp.session.call({ _: 'help.getNearestDc' })).thisDc).toBe(2)
      const tempOnServer = dc.ctx.keys.get(temp.session.state.authKey.id)!
      expect(tempOnServer.temp).toBe(true)
      expect(tempOnServer.boundTo).toBe(
        Buffer.from(dc.ctx.keys.get(perm.session.state.authKey.id)!.id).toString('hex'),
      )
      temp.session.close()
    } finally {
      await dc.close()
    }
  })
})
