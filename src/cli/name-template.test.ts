import { extname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../crypto/random.js'
import type { MediaItem, MediaKind } from '../media/media-item.js'
import { fileNameFor } from './file-names.js'
import {
  checkTemplate,
  DEFAULT_NAME_TEMPLATE,
  type NameFields,
  nameFieldsFor,
  renderName,
  TemplateError,
} from './name-template.js'
import { CHAT, fields, hostileText, mediaItem } from './name-template.test-helper.js'

/** fileNameFor as it was before templates (commit 7486dfe), to prove the default template changes nothing. */
function legacyFileNameFor(item: MediaItem, chat: string): string {
  const extByKind: Record<MediaKind, string> = {
    photo: '.jpg',
    video: '.mp4',
    round: '.mp4',
    voice: '.ogg',
    audio: '.mp3',
    sticker: '.webp',
    animation: '.mp4',
    document: '.bin',
  }
  const sanitize = (name: string, fallback: string): string => {
    let clean = Array.from(name.split(/[/\\]/).at(-1) ?? '', (ch) => {
      const code = ch.charCodeAt(0)
      return code < 0x20 || code === 0x7f || ':*?"<>|'.includes(ch) ? '_' : ch
    })
      .join('')
      .replace(/^[.\s]+/, '')
      .replace(/[.\s]+$/, '')
    if (!clean || /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(clean)) clean = fallback
    const ext = extname(clean).slice(0, 16)
    let base = clean.slice(0, clean.length - ext.length)
    while (Buffer.byteLength(base + ext) > 200) base = base.slice(0, -1)
    return base + ext || fallback
  }
  const fallback = `${chat}_${item.origin.msgId}${extByKind[item.kind]}`
  return sanitize(item.fileName ?? fallback, sanitize(fallback, `file_${item.origin.msgId}`))
}

const renderDefault = (item: MediaItem, chat: { label: string; id: number }) =>
  renderName(DEFAULT_NAME_TEMPLATE, nameFieldsFor(item, chat), `file_${item.origin.msgId}`)

describe('checkTemplate', () => {
  it.each([
    DEFAULT_NAME_TEMPLATE,
    '{chat}/{date}/{msg_id}_{name}.{ext}',
    '{chat_id}\\{album}\\{time}-{id}-{size}-{kind}.{ext}',
    '{{literal}}_{caption}.{ext}',
    'fixed.bin',
    './{name}.{ext}',
  ])('accepts %j', (template) => {
    expect(() => checkTemplate(template)).not.toThrow()
  })

  it.each([
    ['', /empty/],
    ['{nope}.{ext}', /unknown field \{nope\}; known fields: chat, chat_id/],
    ['{Name}', /unknown field \{Name\}/],
    ['{}', /unknown field \{\}/],
    ['{name.{ext}', /'\{' at position 0 is never closed/],
    ['{name', /never closed/],
    ['name}.{ext}', /'\}' at position 4 closes nothing/],
    ['{name}}', /closes nothing/],
    ['/abs/{name}', /absolute path/],
    ['\\\\server\\share\\{name}', /absolute path/],
    ['C:\\x\\{name}', /absolute path/],
    ['../{name}', /'\.\.' is not allowed/],
    ['{chat}/../{name}', /'\.\.' is not allowed/],
    ['{chat}\\..\\{name}', /'\.\.' is not allowed/],
    ['{chat}/', /ends with a folder separator/],
  ])('rejects %j', (template, message) => {
    expect(() => checkTemplate(template)).toThrow(TemplateError)
    expect(() => checkTemplate(template)).toThrow(message)
    expect(() => renderName(template, fields(), 'f')).toThrow(TemplateError)
  })

  it('rejects a template over 1000 characters', () => {
    expect(() => checkTemplate('x'.repeat(1001))).toThrow(/longer than 1000/)
  })
})

describe('renderName', () => {
  it('fills fields and makes folders only from the template', () => {
    expect(renderName('{chat}/{date}/{msg_id}_{name}.{ext}', fields(), 'f')).toBe(
      'somechannel/2023-11-14/42_report.pdf',
    )
    expect(renderName('{chat_id}\\{time}_{id}_{size}_{kind}.{ext}', fields(), 'f')).toBe(
      '-1001234567890/221320_5432109876543210_1234_document.pdf',
    )
  })

  it("never names a folder or file like the engine's work folder (.tgfetch), literally or from a field", () => {
    expect(renderName('.tgfetch/{name}.{ext}', fields(), 'f')).toBe('tgfetch/report.pdf')
    expect(renderName('{name}/{ext}', fields({ name: '.tgfetch' }), 'f')).toBe('tgfetch/pdf')
    expect(renderName('{chat}/x', fields({ chat: '.tgfetch' }), 'f')).toBe('tgfetch/x')
  })

  it("reads '{{' and '}}' as literal braces", () => {
    expect(renderName('{{name}}_{{{name}}}.{ext}', fields(), 'f')).toBe('{name}_{report}.pdf')
  })

  it('drops empty folders and gives an empty file name the fallback', () => {
    expect(renderName('{album}/{name}.{ext}', fields(), 'f')).toBe('report.pdf')
    expect(renderName('{chat}/{album}', fields(), 'file_42')).toBe('somechannel/file_42')
    expect(renderName('{caption}', fields({ caption: ' . .. ' }), 'file_42')).toBe('file_42')
  })

  it.each<[string, Partial<NameFields>, string]>([
    ['{name}.{ext}', { name: '../../etc/passwd', ext: '' }, '_.._etc_passwd'],
    ['{name}.{ext}', { name: '..\\..\\boot', ext: 'ini' }, '_.._boot.ini'],
    ['{chat}/{name}.{ext}', { chat: '..', name: 'x' }, 'x.pdf'],
    ['{chat}/{name}.{ext}', { chat: '../..', name: 'x' }, '_/x.pdf'],
    ['{caption}.txt', { caption: 'a/b\\c' }, 'a_b_c.txt'],
    ['{name}.{ext}', { name: 'a\u0000b' }, 'a_b.pdf'],
    ['{chat}/{name}.{ext}', { chat: 'CON' }, '_CON/report.pdf'],
    ['{name}.{ext}', { name: 'nul', ext: 'txt' }, '_nul.txt'],
    ['{chat}/{name}', { chat: 'COM1', name: 'com1' }, '_COM1/_com1'],
    ['{name}.{ext}', { name: '. . . ', ext: '' }, 'fallback.bin'],
    ['{chat}/{name}.{ext}', { chat: ' ... ' }, 'report.pdf'],
    ['{name}.{ext}', { name: 'evil\u202Egpj', ext: 'exe' }, 'evil_gpj.exe'],
    ['{name}.{ext}', { name: 'a\u0007\u009b\u200Bb' }, 'a___b.pdf'],
    ['{name}.{ext}', { ext: 'p/d\\f' }, 'report.p_d_f'],
  ])('%j with hostile %j → %j', (template, over, expected) => {
    expect(renderName(template, fields(over), 'fallback.bin')).toBe(expected)
  })

  it('keeps every segment within 200 bytes and the whole within 1000', () => {
    const long = renderName(
      '{chat}/{name}.{ext}',
      fields({ chat: 'Я'.repeat(400), name: '😀'.repeat(200) }),
      'f',
    )
    const [folder, file] = long.split('/')
    expect(folder).toBe('Я'.repeat(100))
    expect(file).toBe(`${'😀'.repeat(49)}.pdf`)
    const deep = renderName(
      '{caption}/{caption}/{caption}/{caption}/{caption}/{caption}/{name}.{ext}',
      fields({ caption: 'x'.repeat(800) }),
      'f',
    )
    expect(deep).toBe(`${`${'x'.repeat(200)}/`.repeat(4)}report.pdf`)
  })

  it('cuts a caption between graphemes, never inside one', () => {
    const family = '👨‍👩‍👧'
    expect(nameFieldsFor(mediaItem({ caption: family.repeat(61) }), CHAT).caption).toBe(family.repeat(60))
    expect(nameFieldsFor(mediaItem({ caption: family.repeat(20) }), CHAT).caption).toBe(family.repeat(20))
    expect(nameFieldsFor(mediaItem({ caption: 'e\u0301'.repeat(61) }), CHAT).caption).toBe(
      'e\u0301'.repeat(60),
    )
  })

  it('takes the first line of a caption, at most 60 characters', () => {
    const caption = `${'ж'.repeat(70)}\n../../second line`
    const item = mediaItem({ caption })
    expect(nameFieldsFor(item, CHAT).caption).toBe('ж'.repeat(60))
    expect(renderName('{caption}.{ext}', nameFieldsFor(mediaItem({ caption: 'hi\r\n..' }), CHAT), 'f')).toBe(
      'hi.bin',
    )
  })
})

describe('nameFieldsFor', () => {
  it('gives every field', () => {
    const item = mediaItem({
      kind: 'photo',
      mime: 'image/jpeg',
      groupedId: '13579',
      caption: ' Sunset \nmore',
    })
    expect(nameFieldsFor(item, CHAT)).toEqual({
      chat: 'somechannel',
      chat_id: '-1001234567890',
      msg_id: '42',
      date: '2023-11-14',
      time: '221320',
      name: 'somechannel_42',
      ext: 'jpg',
      caption: 'Sunset',
      album: '13579',
      kind: 'photo',
      id: '5432109876543210',
      size: '1234',
    })
  })

  it('splits the sender file name; no extension when it has none', () => {
    expect(nameFieldsFor(mediaItem({ fileName: 'a.tar.gz' }), CHAT)).toMatchObject({
      name: 'a.tar',
      ext: 'gz',
    })
    expect(nameFieldsFor(mediaItem({ fileName: 'README' }), CHAT)).toMatchObject({ name: 'README', ext: '' })
    expect(nameFieldsFor(mediaItem({ fileName: 'CON' }), CHAT)).toMatchObject({
      name: 'somechannel_42',
      ext: 'bin',
    })
  })
})

describe('the default template', () => {
  const ordinary = [
    undefined,
    '',
    'report.pdf',
    'photo.JPG',
    'README',
    'a.tar.gz',
    'Отчёт 2024.docx',
    '😀 party.mp4',
    '  .hidden ',
    '../../etc/passwd',
    '..\\boot.ini',
    'a\u0000b.txt',
    'CON',
    'nul.txt',
    '...',
    'wa:t*?.txt',
    `${'Я'.repeat(400)}.mp4`,
    `${'a'.repeat(500)}.zip`,
  ]
  const kinds: MediaKind[] = ['photo', 'video', 'document', 'voice', 'round', 'sticker', 'audio', 'animation']

  it('gives exactly what fileNameFor gave before templates, for ordinary names', () => {
    for (const fileName of ordinary) {
      for (const kind of kinds) {
        const item = mediaItem({ fileName, kind })
        const before = legacyFileNameFor(item, CHAT.label)
        expect(fileNameFor(item, CHAT.label)).toBe(before)
        expect(renderDefault(item, CHAT)).toBe(before)
      }
    }
    expect(renderDefault(mediaItem(), { label: '...', id: 1 })).toBe(legacyFileNameFor(mediaItem(), '...'))
  })

  it('gives exactly what fileNameFor gives, for hostile names too', () => {
    const random = seededRandom(7)
    for (let i = 0; i < 500; i++) {
      const item = mediaItem({ fileName: hostileText(random, 80), kind: kinds[i % kinds.length]! })
      const chat = { label: hostileText(random, 10), id: i }
      expect(renderDefault(item, chat)).toBe(fileNameFor(item, chat.label))
    }
  })
})
