import { deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { TlDecodeError } from './errors.js'
import { inflate } from './reader.js'

describe('gzip_packed inflate', () => {
  const data = Buffer.from('upload.getFile '.repeat(50))
  it('takes gzip, and zlib streams as mtcute sends them', () => {
    expect(Buffer.from(inflate(gzipSync(data))).equals(data)).toBe(true)
    expect(Buffer.from(inflate(deflateSync(data))).equals(data)).toBe(true)
  })
  it('refuses garbage', () => {
    expect(() => inflate(Buffer.from('not compressed at all'))).toThrow(TlDecodeError)
  })
})
