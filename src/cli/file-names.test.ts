import { describe, expect, it } from 'vitest'
import { seededRandom } from '../crypto/random.js'
import { sanitizeFileName, truncateUtf8 } from './file-names.js'

/** What must never survive sanitizing (the emoji joiner is checked separately). */
const FORBIDDEN =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0\u202A-\u202E\u2066-\u2069/\\:*?"<>|]/u

const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s

describe('sanitizeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['CON', 'fallback.bin'],
    ['nul.txt', 'fallback.bin'],
    ['COM1', 'fallback.bin'],
    ['com¹.tar.gz', 'fallback.bin'],
    ['LPT9.txt', 'fallback.bin'],
    ['con .txt', 'fallback.bin'],
    ['CONIN$', 'fallback.bin'],
    ['console.txt', 'console.txt'],
    ['...', 'fallback.bin'],
    ['. . .', 'fallback.bin'],
    ['', 'fallback.bin'],
    ['  .hidden ', 'hidden'],
    // C1 controls
    ['a\u0085b\u009b.txt', 'a_b_.txt'],
    // bidi controls: the name shows as "evilexe.jpg" but is an .exe
    ['evil\u202Egpj.exe', 'evil_gpj.exe'],
    ['a\u202Ab\u202Bc\u202Cd\u202De.txt', 'a_b_c_d_e.txt'],
    ['a\u2066b\u2067c\u2068d\u2069e.txt', 'a_b_c_d_e.txt'],
    ['a\u200Eb\u200Fc\u061Cd.txt', 'a_b_c_d.txt'],
    // invisible format characters and blank letters
    ['photo.jp\u200Bg', 'photo.jp_g'],
    ['\uFEFFbom.txt', '_bom.txt'],
    ['soft\u00ADhyphen\u2060.txt', 'soft_hyphen_.txt'],
    ['tag\u{E0041}.txt', 'tag_.txt'],
    ['file.txt\u3164\u3164.exe', 'file.txt__.exe'],
    ['line\u2028break.txt', 'line_break.txt'],
    // lone surrogates; a proper pair stays
    ['a\uD800b.txt', 'a_b.txt'],
    ['\uDC00x.txt', '_x.txt'],
    ['😀.png', '😀.png'],
    // an emoji joiner is harmless, a joiner elsewhere is not
    ['👨‍👩‍👧 family.jpg', '👨‍👩‍👧 family.jpg'],
    ['❤️‍🔥.jpg', '❤️‍🔥.jpg'],
    ['a\u200Db.txt', 'a_b.txt'],
    ['wa:t*?"<>|.txt', 'wa_t______.txt'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input, 'fallback.bin')).toBe(expected)
  })

  it('keeps names within 200 UTF-8 bytes and keeps the extension', () => {
    const long = `${'Я'.repeat(400)}.mp4`
    const clean = sanitizeFileName(long, 'x.bin')
    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(200)
    expect(clean).toBe(`${'Я'.repeat(98)}.mp4`)
  })

  it('never cuts a surrogate pair or a combining sequence in half', () => {
    const emoji = sanitizeFileName(`${'😀'.repeat(100)}.png`, 'x')
    expect(emoji).toBe(`${'😀'.repeat(49)}.png`)
    const accents = sanitizeFileName(`${'e\u0301'.repeat(150)}.txt`, 'x')
    expect(accents).toMatch(/^(e\u0301)+\.txt$/)
    expect(Buffer.byteLength(accents)).toBeLessThanOrEqual(200)
    const family = '👨‍👩‍👧'
    const families = sanitizeFileName(family.repeat(20), 'x')
    expect(families).toBe(family.repeat(Math.floor(200 / Buffer.byteLength(family))))
  })

  it('cuts an over-long "extension" as part of the name', () => {
    const clean = sanitizeFileName(`${'a'.repeat(300)}.${'b'.repeat(20)}`, 'x')
    expect(clean).toBe('a'.repeat(200))
  })

  it('truncateUtf8 stops on a grapheme boundary', () => {
    expect(truncateUtf8('ab😀', 5)).toBe('ab')
    expect(truncateUtf8('ae\u0301', 2)).toBe('a')
    expect(truncateUtf8('short', 200)).toBe('short')
  })

  it('never yields a path, an unsafe character or an over-long name for random input', () => {
    const random = seededRandom(20240501)
    const pieces = [
      '..',
      '/',
      '\\',
      '\u0000',
      '\u202E',
      '\u200D',
      '😀',
      'e\u0301',
      '\uD800',
      '\uDC00',
      ' ',
      '.',
    ]
    for (let i = 0; i < 2000; i++) {
      let input = ''
      for (let n = Math.floor(random() * 120); n > 0; n--) {
        input +=
          random() < 0.3
            ? pieces[Math.floor(random() * pieces.length)]!
            : String.fromCharCode(Math.floor(random() * 0x10000))
      }
      const out = sanitizeFileName(input, 'f.bin')
      expect(out.length).toBeGreaterThan(0)
      expect(
        out.replace(/(?<=\p{Extended_Pictographic})\u200D(?=\p{Extended_Pictographic})/gu, ''),
      ).not.toMatch(FORBIDDEN)
      expect(out.startsWith('.')).toBe(false)
      expect(wellFormed(out)).toBe(true)
      expect(Buffer.byteLength(out)).toBeLessThanOrEqual(200)
      expect(sanitizeFileName(out, 'f.bin')).toBe(out)
    }
  })
})
