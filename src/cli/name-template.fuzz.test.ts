import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../crypto/random.js'
import { isReservedName } from './file-names.js'
import { checkTemplate, renderName, TemplateError } from './name-template.js'
import { fields, hostileText, pick } from './name-template.test-helper.js'
import { safeJoin } from './safe-join.js'

const TEMPLATE_PIECES = [
  '{chat}',
  '{chat_id}',
  '{msg_id}',
  '{date}',
  '{time}',
  '{name}',
  '{ext}',
  '{caption}',
  '{album}',
  '{kind}',
  '{id}',
  '{size}',
  '/',
  '\\',
  '.',
  '..',
  '{{',
  '}}',
  '{',
  '}',
  '{bogus}',
  'CON',
  ' ',
  'x',
  'Я',
  '😀',
  ':',
  '\u202E',
  '\u0000',
]

/** Every segment a plain, short, visible name; the whole inside 1000 bytes. */
function expectSafeRelativePath(path: string): void {
  expect(Buffer.byteLength(path)).toBeLessThanOrEqual(1000)
  expect(Buffer.from(path, 'utf8').toString('utf8')).toBe(path)
  for (const segment of path.split('/')) {
    expect(segment).not.toBe('')
    expect(segment).not.toMatch(/^[.\s]|[.\s]$/)
    expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(200)
    expect(isReservedName(segment)).toBe(false)
    expect(segment.replace(/(?<=\p{Extended_Pictographic})\u200D/gu, '')).not.toMatch(
      /[\p{Cc}\p{Cf}\p{Cs}\\:*?"<>|]/u,
    )
  }
}

describe('fuzz: rendered names always stay inside the output folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'tgfetch-fuzz-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('2000 random valid templates with hostile values', () => {
    const random = seededRandom(0x5eed)
    let rendered = 0
    let rejected = 0
    while (rendered < 2000) {
      let template = ''
      for (let n = 1 + Math.floor(random() * 12); n > 0; n--) template += pick(random, TEMPLATE_PIECES)
      const values = fields({
        chat: hostileText(random, 40),
        name: hostileText(random, 300),
        ext: hostileText(random, 6),
        caption: hostileText(random, 60),
        album: hostileText(random, 4),
      })
      try {
        checkTemplate(template)
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateError)
        rejected++
        continue
      }
      const path = renderName(template, values, 'file_42')
      expectSafeRelativePath(path)
      expect(safeJoin(root, path).startsWith(root + sep)).toBe(true)
      rendered++
    }
    expect(rejected).toBeGreaterThan(100) // the generator also exercises the checks
  })
})
