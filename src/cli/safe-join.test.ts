import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { safeJoin, UnsafePathError } from './safe-join.js'

describe('safeJoin', () => {
  const root = mkdtempSync(join(tmpdir(), 'tgfetch-names-'))
  const outside = mkdtempSync(join(tmpdir(), 'tgfetch-outside-'))
  afterAll(() => {
    rmSync(root, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  })

  it('joins paths that stay inside the root', () => {
    expect(safeJoin(root, 'a/b.txt')).toBe(join(root, 'a', 'b.txt'))
    expect(safeJoin(root, '..a/b')).toBe(join(root, '..a', 'b'))
    expect(safeJoin(join(root, 'not-yet'), 'x')).toBe(join(root, 'not-yet', 'x'))
  })

  it.each(['', '.', '..', '../x', 'a/../../x', '/etc/passwd', `${'../'.repeat(20)}etc`, 'a\u0000b'])(
    'rejects %j',
    (relative) => {
      expect(() => safeJoin(root, relative)).toThrow(UnsafePathError)
    },
  )

  it('rejects paths through a symlink that leads outside the root', () => {
    symlinkSync(outside, join(root, 'escape'))
    expect(() => safeJoin(root, 'escape/x.txt')).toThrow(/leads outside/)
    expect(() => safeJoin(root, 'escape/new/deeper/x.txt')).toThrow(UnsafePathError)
    symlinkSync(join(outside, 'missing'), join(root, 'dangling'))
    expect(() => safeJoin(root, 'dangling')).toThrow(UnsafePathError)
    symlinkSync(join(outside, 'file.txt'), join(root, 'file-link'))
    expect(() => safeJoin(root, 'file-link')).toThrow(UnsafePathError)
  })

  it('allows symlinks that stay inside, and a root that is itself a symlink', () => {
    mkdirSync(join(root, 'real'))
    symlinkSync(join(root, 'real'), join(root, 'alias'))
    expect(safeJoin(root, 'alias/x.txt')).toBe(join(root, 'alias', 'x.txt'))
    const linkedRoot = join(outside, 'linked-root')
    symlinkSync(root, linkedRoot)
    expect(safeJoin(linkedRoot, 'real/x.txt')).toBe(join(linkedRoot, 'real', 'x.txt'))
  })
})
