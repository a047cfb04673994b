import { describe, expect, it } from 'vitest'
import { SessionImportError } from '../client/import/common.js'
import { LoginError } from '../client/index.js'
import { ProxyConfigError } from '../client/proxy/proxy-config.js'
import { DiskFullError, DownloadError } from '../download/index.js'
import { FilterError } from '../media/filter-parse.js'
import { LinkError } from '../media/links.js'
import { ResolveError } from '../media/resolve-error.js'
import { RpcError, RpcTimeoutError } from '../mtproto/index.js'
import { ConnectionClosedError } from '../transport/index.js'
import { AuthNeededError, EXIT } from './exit-codes.js'
import { TemplateError } from './name-template.js'
import { UsageError } from './usage-error.js'

// what `tgfetch` exits with when one of these ends a command (main.ts asks the error)
describe('exit codes of the errors a command can end with', () => {
  it.each([
    new UsageError('--connections: expected a whole number'),
    new LinkError('https://t.me/', 'not a link to a message'),
    new ResolveError('https://t.me/nobody/1', 'no such username'),
    new SessionImportError('telethon-string', 'not base64'),
    new ProxyConfigError('proxy must be a URL such as socks5://host:port'),
    new TemplateError('{nope}', 'unknown field'),
  ])('$name: bad input (2)', (e) => {
    expect(e.exitCode).toBe(EXIT.badInput)
  })

  it('DiskFullError: no space left, what is written kept (6)', () => {
    expect(new DiskFullError('/out', 0).exitCode).toBe(EXIT.diskFull)
  })

  it('AuthNeededError: no usable account (4)', () => {
    expect(new AuthNeededError('no account').exitCode).toBe(EXIT.authNeeded)
  })

  it.each([
    new RpcError(420, 'FLOOD_WAIT_3'),
    new RpcTimeoutError('upload.getFile', 10_000),
    new ConnectionClosedError(),
    new LoginError('the account must sign up first'),
    new DownloadError('3 of 4 parts done'),
    // commands turn it into a UsageError; one that slips through is unexpected
    new FilterError('size: "x" is not a size'),
  ])('$name: unexpected (1)', (e) => {
    expect(e.exitCode).toBe(EXIT.error)
  })
})
