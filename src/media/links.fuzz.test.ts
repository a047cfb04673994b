import { describe, expect, it } from 'vitest'
import { seededRandom } from '../crypto/index.js'
import { formatLink, LinkError, parseLink } from './links.js'

const SEEDS = [
  'https://t.me/tgfetch_media/123?single',
  'https://t.me/c/1500000005/3/4?thread=2',
  'tg://resolve?domain=tgfetch_media&post=12&comment=3',
  'https://t.me/+AbCdEf012345',
]
const ALPHABET = 'abcXYZ019_-+/?&=%:.#@ \u0000\u202e\uffff/\\'

describe('parseLink on hostile input', () => {
  it('returns a link or throws LinkError, never anything else', () => {
    const rand = seededRandom(11)
    for (let i = 0; i < 20_000; i++) {
      const base = SEEDS[i % SEEDS.length]!.split('')
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = Math.floor(rand() * (base.length + 1))
        const op = rand()
        const ch = ALPHABET[Math.floor(rand() * ALPHABET.length)]!
        if (op < 0.4) base.splice(at, 1)
        else if (op < 0.8) base.splice(at, 0, ch)
        else base[at] = ch
      }
      const link = base.join('')
      try {
        const parsed = parseLink(link)
        expect(parseLink(formatLink(parsed))).toEqual(parsed)
        if (parsed.kind === 'message')
          expect(Number.isInteger(parsed.msgId) && parsed.msgId > 0 && parsed.msgId < 2 ** 31).toBe(true)
        if (parsed.kind !== 'invite' && parsed.peer.type === 'username') {
          expect(parsed.peer.username).toMatch(/^[a-zA-Z][a-zA-Z0-9_]{3,31}$/)
        }
      } catch (e) {
        if (!(e instanceof LinkError))
          throw new Error(`untyped error ${String(e)} for ${JSON.stringify(link)}`)
      }
    }
  })

  it('refuses huge input without work proportional to it', () => {
    expect(() => parseLink(`https://t.me/${'a'.repeat(1_000_000)}/1`)).toThrow('link too long')
  })
})
