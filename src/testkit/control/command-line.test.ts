import { describe, expect, it } from 'vitest'
import { parseCommandLine } from './command-line.js'

describe('testkit serve stdin lines', () => {
  it('publish as JSON and as a simple line, text last with its spaces', () => {
    const media = { kind: 'voice', size: 4096, name: undefined, mime: undefined, dc: undefined }
    expect(
      parseCommandLine(
        '{"command":"publish","chat":"@tgfetch_small","text":"a b","media":{"kind":"voice","size":4096}}',
      ),
    ).toEqual({ command: 'publish', post: { chat: '@tgfetch_small', text: 'a b', media } })
    expect(parseCommandLine('publish chat=tgfetch_small kind=voice size=4096 text=a b')).toEqual({
      command: 'publish',
      post: { chat: 'tgfetch_small', text: 'a b', media },
    })
    expect(parseCommandLine('publish chat=1500000003 text=just words=and more')).toEqual({
      command: 'publish',
      post: { chat: '1500000003', text: 'just words=and more', media: undefined },
    })
    expect(
      parseCommandLine('publish chat=x kind=document size=10 name=r.tar dc=3 mime=application/x-tar'),
    ).toMatchObject({
      post: { media: { kind: 'document', size: 10, name: 'r.tar', dc: 3, mime: 'application/x-tar' } },
    })
  })

  it('accept-qr, stats and faults (alone, or after `fault`)', () => {
    expect(parseCommandLine('accept-qr token=tg://login?token=AbC_- account=9996620001')).toEqual({
      command: 'accept-qr',
      scan: { token: 'tg://login?token=AbC_-', account: '9996620001' },
    })
    expect(parseCommandLine('{"command":"accept-qr","token":"AbC","account":1851005}')).toEqual({
      command: 'accept-qr',
      scan: { token: 'AbC', account: '1851005' },
    })
    expect(parseCommandLine(' stats ')).toEqual({ command: 'stats' })
    expect(parseCommandLine('{"command":"stats"}')).toEqual({ command: 'stats' })
    expect(parseCommandLine('stall n=2 method=upload.getFile')).toEqual({
      command: 'fault',
      fault: { name: 'stall', params: { n: '2', method: 'upload.getFile' } },
    })
    expect(parseCommandLine('fault drop:every=30s')).toEqual({
      command: 'fault',
      fault: { name: 'drop', everyMs: 30_000, params: {} },
    })
    expect(parseCommandLine('{"command":"fault","spec":"drop"}')).toEqual({
      command: 'fault',
      fault: { name: 'drop', params: {} },
    })
  })

  it('says what is wrong with a bad line', () => {
    expect(() => parseCommandLine('{"command":')).toThrow('the line starts with { but is not JSON')
    expect(() => parseCommandLine('[1]')).toThrow(/unknown fault/)
    expect(() => parseCommandLine('{"command":"launch"}')).toThrow(
      'unknown command "launch" (publish, accept-qr, fault, stats)',
    )
    expect(() => parseCommandLine('publish kind=voice size=1')).toThrow('chat is missing')
    expect(() => parseCommandLine('publish chat=x kind=gif size=1')).toThrow(
      /kind must be one of photo, video/,
    )
    expect(() => parseCommandLine('publish chat=x kind=voice size=1e9')).toThrow(
      'size must be a whole number',
    )
    expect(() => parseCommandLine('publish chat=x oops')).toThrow('expected key=value at "oops"')
    expect(() => parseCommandLine('{"command":"publish","chat":"x","text":7}')).toThrow(
      'text must be a string',
    )
    expect(() => parseCommandLine('accept-qr token=abc')).toThrow('account is missing')
  })
})
