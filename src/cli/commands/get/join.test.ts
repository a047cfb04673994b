/** `tgfetch get --join`: an invite link of a chat the account is not in, with the real CLI. */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'

let kit: CliTestkit
beforeAll(async () => {
  kit = await startCliTestkit(32)
  await kit.login(3)
}, 60_000)
afterAll(() => kit.close())

describe('tgfetch get of an invite link', () => {
  it('refuses to join without --join, saying so; joins with it, then its message links download', async () => {
    const hidden = kit.line.channels.find((c) => c.invite)!
    const invite = `https://t.me/+${hidden.invite}`
    const post = `https://t.me/c/${hidden.id}/1`

    const refused = await kit.tgfetch(['--proxy', 'none', 'get', invite, '-o', kit.dir])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(invite)
    expect(refused.stderr).toContain('--join')
    expect(
      kit.testkit.network.accounting.snapshot().total.requests['messages.importChatInvite'],
    ).toBeUndefined()

    const out = join(kit.dir, 'joined')
    const joined = await kit.tgfetch(['--proxy', 'none', 'get', '--join', invite, post, '-o', out])
    expect(joined.stderr).toBe('')
    expect(joined.code).toBe(0)
    const media = hidden.messages.find((m) => m.id === 1)!.media
    expect(sha256File(join(out, media.file))).toBe(media.sha256)
  }, 90_000)
})

describe('help.getConfig across CLI runs', () => {
  it('is asked once by the first run and then read from state.db', async () => {
    await kit.tgfetch(['--proxy', 'none', 'get', 'https://t.me/tgfetch_small/2', '-o', join(kit.dir, 'more')])
    // login and every get so far, each a process of its own
    expect(kit.testkit.network.accounting.snapshot().total.requests['help.getConfig']).toBe(1)
  }, 60_000)
})
