import { describe, expect, it } from 'vitest'
import { contentDisposition, sanitizeFileName } from './content-disposition.js'

describe('sanitizeFileName', () => {
  it.each([
    ['video.mp4', 'video.mp4'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\evil.exe', 'evil.exe'],
    ['a\u0000b\r\nc.txt', 'a_b__c.txt'],
    ['x\u0085y.bin', 'x_y.bin'], // C1 control
    ['invoice\u202egnp.exe', 'invoice_gnp.exe'], // right-to-left override
    ['...hidden', 'hidden'],
    ['trailing. . ', 'trailing'],
    ['a<b>c:d"e|f?g*h.mp4', 'a_b_c_d_e_f_g_h.mp4'],
    ['', 'download'],
    ['/', 'download'],
    ['..', 'download'],
    ['\ud800lone.mp4', '\ufffdlone.mp4'],
  ])('%j → %j', (name, safe) => {
    expect(sanitizeFileName(name)).toBe(safe)
  })

  it('keeps the extension within 200 UTF-8 bytes, never splitting a character', () => {
    const safe = sanitizeFileName(`${'é'.repeat(500)}.mp4`)
    expect(safe.endsWith('.mp4')).toBe(true)
    expect(Buffer.byteLength(safe)).toBe(200)
    expect(safe).toBe(`${'é'.repeat(98)}.mp4`)
  })
})

describe('contentDisposition', () => {
  it('ASCII names: filename only, inline or attachment', () => {
    expect(contentDisposition('clip.mp4', false)).toBe('inline; filename="clip.mp4"')
    expect(contentDisposition('clip.mp4', true)).toBe('attachment; filename="clip.mp4"')
  })

  it('other names: an ASCII stand-in and RFC 5987 filename*', () => {
    expect(contentDisposition('видео 1.mp4', false)).toBe(
      `inline; filename="_____ 1.mp4"; filename*=UTF-8''%D0%B2%D0%B8%D0%B4%D0%B5%D0%BE%201.mp4`,
    )
    // quotes are replaced, % and RFC 5987 non-attr-chars are encoded
    expect(contentDisposition(`50% "off" (it's).txt`, true)).toBe(
      `attachment; filename="50_ _off_ (it's).txt"; filename*=UTF-8''50%25%20_off_%20%28it%27s%29.txt`,
    )
  })

  it('never lets a name break out of the header', () => {
    const header = contentDisposition('a"; filename="evil.exe\r\nSet-Cookie: x=1', false)
    expect(header).not.toMatch(/[\r\n]/)
    expect(header.match(/"/g)).toHaveLength(2)
  })
})
