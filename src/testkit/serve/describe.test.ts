import { describe, expect, it } from 'vitest'
import { parseFaultSpec } from '../faults/spec.js'
import { fingerprintHex } from './describe.js'

describe('describe helpers', () => {
  it('writes fingerprints as 16 hex digits of the signed 64-bit value', () => {
    expect(fingerprintHex(-3414540481677951611n)).toBe('d09d1d85de64fd85')
    expect(fingerprintHex(1n)).toBe('0000000000000001')
  })

  it('parses fault specs and rejects bad ones clearly', () => {
    expect(parseFaultSpec('drop:every=30s')).toEqual({ name: 'drop', everyMs: 30_000, params: {} })
    expect(parseFaultSpec('stall n=3 method=upload.getFile')).toEqual({
      name: 'stall',
      params: { n: '3', method: 'upload.getFile' },
    })
    expect(parseFaultSpec('restart:dc=2,keep-keys=false,at=500ms')).toMatchObject({ atMs: 500 })
    expect(() => parseFaultSpec('explode')).toThrow(/unknown fault "explode"/)
    expect(() => parseFaultSpec('drop:n=3')).toThrow(/unknown key "n"/)
    expect(() => parseFaultSpec('restart:every=1s')).toThrow(/needs dc=N/)
    expect(() => parseFaultSpec('drop:every=soon')).toThrow(/bad duration/)
    expect(parseFaultSpec('tcp:mode=blackhole,dc=2')).toEqual({
      name: 'tcp',
      params: { mode: 'blackhole', dc: '2' },
    })
    expect(() => parseFaultSpec('tcp:mode=sometimes')).toThrow(/mode must be one of open, blackhole, refuse/)
  })
})
