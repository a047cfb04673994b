import { describe, expect, it } from 'vitest'
import { sanitizeFileName } from './file-names.js'

describe('sanitizeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['CON', 'fallback.bin'],
    ['nul.txt', 'fallback.bin'],
    ['...', 'fallback.bin'],
    ['', 'fallback.bin'],
    ['  .hidden ', 'hidden'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input, 'fallback.bin')).toBe(expected)
  })

  it('keeps names within 200 UTF-8 bytes and keeps the extension', () => {
    const long = `${'Я'.repeat(400)}.mp4`
    const clean = sanitizeFileName(long, 'x.bin')
    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(200)
    expect(clean.endsWith('.mp4')).toBe(true)
  })

  it('never yields a path or an empty name for random input', () => {
    for (let i = 0; i < 2000; i++) {
      const input = String.fromCharCode(
        ...Array.from({ length: i % 50 }, () => Math.floor(Math.random() * 0x3000)),
      )
      const out = sanitizeFileName(input, 'f.bin')
      expect(out.length).toBeGreaterThan(0)
      expect(out.includes('/') || out.includes('\\') || out.includes('\u0000')).toBe(false)
      expect(out.startsWith('.')).toBe(false)
    }
  })
})
