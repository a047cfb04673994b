import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'

describe('get opens its download connections where the chat’s files were, while the link resolves', () => {
  let kit: CliTestkit
  beforeAll(async () => {
    kit = await startCliTestkit(31)
    await kit.login(2)
  }, 60_000)
  afterAll(() => kit?.close())

  it('off the home DC: before the message is answered on the second link, not on the first', async () => {
    const { cluster } = kit.testkit
    const [one, two] = [kit.media('tgfetch_small', 1), kit.media('tgfetch_small', 2)]
    const fileDc = one.dc
    expect([fileDc, two.dc]).toEqual([3, 3])

    // what the testkit sees, in order: a connection naming its key on the files' DC, and the
    // message being read on the home DC
    const events: string[] = []
    let keySeen: () => void = () => {}
    const filesDc = cluster.server(fileDc).ctx
    const onKey = filesDc.onConnectionKey
    filesDc.onConnectionKey = (connection, key) => {
      events.push(`key on DC ${fileDc}`)
      keySeen()
      return onKey ? onKey(connection, key) : true
    }
    // armed for the second run: the message's answer waits (up to 20 s) for a connection on the
    // files' DC, so a get that did not warm it shows the answer first, whatever the machine's speed
    let gated = false
    cluster.server(2).ctx.registry.use(async (request, _ctx, next) => {
      if (request._ !== 'channels.getMessages') return next()
      events.push('message read')
      if (gated && !events.includes(`key on DC ${fileDc}`))
        await new Promise<void>((resolve) => {
          keySeen = resolve
          setTimeout(resolve, 20_000).unref()
        })
      events.push('message answered')
      return next()
    })

    const get = async (media: typeof one, msgId: number) => {
      const out = join(kit.dir, `out-${msgId}`)
      const run = await kit.tgfetch(['get', `https://t.me/tgfetch_small/${msgId}`, '-o', out])
      expect(run.code, run.stderr).toBe(0)
      expect(sha256File(join(out, media.file))).toBe(media.sha256)
    }

    // nothing remembered: the DC is learned from the answer
    await get(one, 1)
    expect(events.indexOf('message answered')).toBeGreaterThanOrEqual(0)
    expect(events.indexOf(`key on DC ${fileDc}`)).toBeGreaterThan(events.indexOf('message answered'))

    events.length = 0
    gated = true
    await get(two, 2)
    const key = events.indexOf(`key on DC ${fileDc}`)
    expect(key).toBeGreaterThanOrEqual(0)
    expect(key).toBeLessThan(events.indexOf('message answered'))
  }, 120_000)
})
