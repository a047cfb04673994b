import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'
import { HOSTILE, hostileWorld, jsonEvents, walk } from './get.test-helper.js'

describe('tgfetch get given hostile or bad input', () => {
  let kit: CliTestkit
  beforeAll(async () => {
    kit = await startCliTestkit(41, { world: hostileWorld(), profile: 'free' })
    await kit.login(2)
  }, 60_000)
  afterAll(() => kit.close())

  it('hostile names and captions never leave the output folder, under any template', async () => {
    const links = HOSTILE.map((_, i) => `https://t.me/tgfetch_small/${100 + i}`)
    for (const template of ['{name}.{ext}', '{chat}/{caption}/{name}.{ext}', '{caption}_{msg_id}.{ext}']) {
      const out = join(kit.dir, `hostile-${template.length}`)
      const run = await kit.tgfetch(['--proxy', 'none', 'get', ...links, '-o', out, '-t', template, '-q'])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const files = walk(out)
      expect(files).toHaveLength(HOSTILE.length)
      for (const f of files) {
        expect(relative(out, join(out, f)).startsWith('..')).toBe(false)
        for (const segment of f.split(sep)) {
          expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(200)
          expect(segment).not.toMatch(/^\.|^(con|nul)(\..*)?$/i)
          expect([...segment].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u202e')).toBe(false)
        }
      }
    }
    expect(existsSync(join(kit.dir, 'escape.txt'))).toBe(false)
  }, 120_000)

  it('a template that climbs out is bad input (exit 2) before anything is fetched', async () => {
    const run = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      'https://t.me/tgfetch_small/1',
      '-t',
      '../{name}',
      '-o',
      kit.dir,
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/\.\./)
  }, 60_000)

  it('-o naming a file, or a folder inside a file, is bad input that says so (exit 2)', async () => {
    const file = join(kit.dir, 'a-file')
    writeFileSync(file, 'not a folder')
    for (const out of [file, join(file, 'inside')]) {
      const run = await kit.tgfetch(['--proxy', 'none', 'get', 'https://t.me/tgfetch_media/1', '-o', out])
      expect(run.code, out).toBe(2)
      expect(run.stderr).toMatch(/^tgfetch: -o .*a-file.* is a file, not a folder/)
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder')
  }, 60_000)

  it('a message id beyond int32 is bad input (exit 2), never another message', async () => {
    const out = join(kit.dir, 'int32')
    for (const id of ['4294967297', '2147483648']) {
      const run = await kit.tgfetch(['--proxy', 'none', 'get', `https://t.me/tgfetch_media/${id}`, '-o', out])
      expect(run.code, id).toBe(2)
      expect(run.stderr).toMatch(/message id must be a whole number from 1 to 2147483647/)
    }
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  }, 60_000)

  it('a bad link does not stop the others: they download, exit 3, the bad ones named (with their line in -f)', async () => {
    const out = join(kit.dir, 'some-bad')
    const media = kit.media('tgfetch_media', 1)
    const run = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      'https://example.com/nope',
      'https://t.me/tgfetch_media/1',
      'https://t.me/tgfetch_media/999',
      '-o',
      out,
    ])
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/not a t\.me or telegram\.me link: "https:\/\/example\.com\/nope"/)
    expect(run.stderr).toMatch(/https:\/\/t\.me\/tgfetch_media\/999: the message does not exist/)
    expect(sha256File(join(out, media.file))).toBe(media.sha256)

    const list = join(kit.dir, 'links.txt')
    writeFileSync(list, '# two links\nhttps://t.me/tgfetch_media/1\n\nt.me/tgfetch_media/4294967297\n')
    const fromFile = await kit.tgfetch(['--proxy', 'none', 'get', '-f', list, '-o', out])
    expect(fromFile.code).toBe(3)
    expect(fromFile.stderr).toMatch(/links\.txt line 4: message id must be/)
    expect(readdirSync(out)).toEqual([media.file])
  }, 120_000)

  it('--json: every error is an event (bad links with their line, bad flags, no account) and the summary is always last', async () => {
    const out = join(kit.dir, 'json-errors')
    const media = kit.media('tgfetch_media', 1)
    const list = join(kit.dir, 'json-links.txt')
    writeFileSync(list, '# two links\nhttps://t.me/tgfetch_media/1\n\nt.me/tgfetch_media/4294967297\n')
    const batch = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      'https://example.com/nope',
      'https://t.me/tgfetch_media/999',
      '-f',
      list,
      '-o',
      out,
      '--json',
    ])
    expect(batch.code).toBe(3)
    const events = jsonEvents(batch.stdout)
    expect(events.filter((e) => e.event === 'error')).toMatchObject([
      {
        link: 'https://example.com/nope',
        message: expect.stringMatching(/not a t\.me or telegram\.me link/),
      },
      { link: 't.me/tgfetch_media/4294967297', where: `${list} line 4`, line: 4 },
      {
        link: 'https://t.me/tgfetch_media/999',
        message: 'https://t.me/tgfetch_media/999: the message does not exist',
      },
    ])
    expect(events.at(-1)).toMatchObject({ event: 'summary', done: 1, failed: 0 })
    expect(sha256File(join(out, media.file))).toBe(media.sha256)

    // errors that end the run before anything is fetched: the error, then a summary of nothing
    const ends = [
      { args: ['get', 'https://example.com/nope'], code: 2, message: /no link to download \(1 refused\)/ },
      { args: ['get', 't.me/tgfetch_media/1', '--connections', '0'], code: 2, message: /^--connections 0: / },
      {
        args: ['get', 't.me/tgfetch_media/1', '--no-such-flag'],
        code: 2,
        message: /unknown option '--no-such-flag'/,
      },
    ]
    for (const end of ends) {
      const run = await kit.tgfetch(['--proxy', 'none', ...end.args, '-o', out, '--json'])
      expect(run.code, end.args.join(' ')).toBe(end.code)
      const last = jsonEvents(run.stdout).slice(-2)
      expect(last[0]).toMatchObject({
        event: 'error',
        exitCode: end.code,
        message: expect.stringMatching(end.message),
      })
      expect(last[1]).toMatchObject({ event: 'summary', done: 0, failed: 0, skipped: 0, bytes: 0 })
    }
    const nobody = await kit.tgfetch(
      ['--proxy', 'none', 'get', 't.me/tgfetch_small/1', '-o', out, '--json'],
      {
        TGFETCH_HOME: join(kit.dir, 'nobody-json'),
      },
    )
    expect(nobody.code).toBe(4)
    expect(jsonEvents(nobody.stdout).map((e) => [e.event, e.exitCode])).toEqual([
      ['error', 4],
      ['summary', undefined],
    ])
  }, 120_000)

  it('no account: exit 4 and what to do', async () => {
    const run = await kit.tgfetch(['--proxy', 'none', 'get', 't.me/tgfetch_small/1', '-o', kit.dir], {
      TGFETCH_HOME: join(kit.dir, 'nobody'),
    })
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/tgfetch login/)
  }, 60_000)
})
