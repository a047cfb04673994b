import { describe, expect, it } from 'vitest'
import { detectTransport, looksLikeKnownProtocol } from './detect.js'
import { FramingError } from './errors.js'

const h = (s: string): Buffer => Buffer.from(s, 'hex')

describe('detectTransport', () => {
  it('recognises the plain tags', () => {
    expect(detectTransport(h('ef'))).toEqual({ kind: 'plain', name: 'abridged', headerLength: 1 })
    expect(detectTransport(h('eeeeeeee'))).toEqual({ kind: 'plain', name: 'intermediate', headerLength: 4 })
    expect(detectTransport(h('dddddddd01'))).toEqual({ kind: 'plain', name: 'padded', headerLength: 4 })
  })

  it('recognises Full by a zero sequence number', () => {
    expect(detectTransport(h('1000000000000000'))).toEqual({ kind: 'plain', name: 'full', headerLength: 0 })
  })

  it('asks for more bytes until it can decide', () => {
    expect(detectTransport(h(''))).toEqual({ kind: 'need-more' })
    expect(detectTransport(h('eeeeee'))).toEqual({ kind: 'need-more' })
    expect(detectTransport(h('10000000000000'))).toEqual({ kind: 'need-more' })
  })

  it('treats anything else as obfuscated2', () => {
    expect(detectTransport(h('0102030405060708'))).toEqual({ kind: 'obfuscated' })
  })

  it('refuses HTTP and TLS', () => {
    for (const head of ['POST', 'GET ', 'HEAD', 'OPTI']) {
      expect(() => detectTransport(Buffer.from(`${head}xxxx`))).toThrow(FramingError)
    }
    expect(() => detectTransport(h('16030102'))).toThrow(FramingError)
  })
})

describe('looksLikeKnownProtocol', () => {
  it('flags every forbidden obfuscated2 init prefix', () => {
    const bad = [
      'ef000000aaaaaaaa',
      'eeeeeeeeaaaaaaaa',
      'ddddddddaaaaaaaa',
      '16030102aaaaaaaa',
      '0102030400000000',
    ]
    for (const b of bad) expect(looksLikeKnownProtocol(h(b))).toBe(true)
    expect(looksLikeKnownProtocol(Buffer.from('POSTaaaa'))).toBe(true)
    expect(looksLikeKnownProtocol(h('0102030405060708'))).toBe(false)
  })
})
