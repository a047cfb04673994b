import { describe, expect, it } from 'vitest'
import { checkGetFileRange, MIB } from './get-file-rules.js'

const ok = (o: number, l: number, p = false) => expect(() => checkGetFileRange(o, l, p)).not.toThrow()
const bad = (o: number, l: number, p: boolean, error: string) =>
  expect(() => checkGetFileRange(o, l, p)).toThrow(error)

describe('upload.getFile offset/limit rules', () => {
  it('accepts aligned parts that divide 1 MiB', () => {
    ok(0, MIB)
    ok(MIB, 512 * 1024)
    ok(3 * MIB + 512 * 1024, 512 * 1024)
    ok(4096, 4096)
    ok(1024, 1024, true)
    ok(MIB - 3072, 3072, true)
  })
  it('refuses misaligned offsets and limits', () => {
    bad(1024, 4096, false, 'OFFSET_INVALID')
    bad(0, 3 * 4096, false, 'LIMIT_INVALID') // 12 KiB does not divide 1 MiB
    bad(0, MIB + 4096, false, 'LIMIT_INVALID')
    bad(512, 1024, true, 'OFFSET_INVALID')
    bad(0, 1000, true, 'LIMIT_INVALID')
    bad(-4096, 4096, false, 'OFFSET_INVALID')
  })
  it('refuses any request across a 1 MiB boundary', () => {
    bad(MIB - 4096, 8192, false, 'LIMIT_INVALID')
    bad(MIB - 1024, 2048, true, 'LIMIT_INVALID')
    bad(512 * 1024, MIB, false, 'LIMIT_INVALID')
  })
})
