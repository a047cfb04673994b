import { describe, expect, it } from 'vitest'
import { MAX_RANGES, planRanges } from './range-request.js'

const partial = (...ranges: [number, number][]) => ({
  kind: 'partial',
  ranges: ranges.map(([start, end]) => ({ start, end })),
})

describe('planRanges on 1000 bytes', () => {
  it.each([
    ['bytes=0-499', partial([0, 499])],
    ['bytes=500-', partial([500, 999])],
    ['bytes=-100', partial([900, 999])],
    ['bytes=-5000', partial([0, 999])], // a suffix longer than the file is all of it
    ['bytes=900-5000', partial([900, 999])],
    ['BYTES=0-0', partial([0, 0])], // units are case-insensitive
    ['bytes= 0-1 ,\t5-6', partial([0, 1], [5, 6])],
    ['bytes=0-1,,5-6', partial([0, 1], [5, 6])], // empty list elements are allowed
    ['bytes=0-10,5-20,21-30', partial([0, 30])], // overlapping and adjacent merged
    ['bytes=500-600,0-10', partial([500, 600], [0, 10])], // order kept
    ['bytes=0-0,-1', partial([0, 0], [999, 999])],
    ['bytes=0-0,2000-3000', partial([0, 0])], // unsatisfiable ones dropped
  ])('%s', (header, plan) => {
    expect(planRanges(header, 1000)).toEqual(plan)
  })

  it.each(['bytes=1000-', 'bytes=1000-2000', 'bytes=-0', 'bytes=5000-,6000-7000'])(
    '%s is unsatisfiable',
    (header) => {
      expect(planRanges(header, 1000)).toEqual({ kind: 'unsatisfiable' })
    },
  )

  it.each([
    undefined,
    '',
    'bytes',
    'bytes=',
    'bytes=abc',
    'bytes=5-2', // last-pos below first-pos: invalid, not unsatisfiable
    'bytes=0-1,5-2',
    'bytes=1-2-3',
    'bytes=+1-2',
    'bytes=0x10-20',
    'bytes=-',
    'bytes=1.5-2',
    'items=0-10',
    'bytes=0-1, bytes=2-3',
  ])('%s is ignored: the whole file', (header) => {
    expect(planRanges(header, 1000)).toEqual({ kind: 'full' })
  })

  it(`serves at most ${MAX_RANGES} ranges, else the whole file`, () => {
    const specs = (n: number) => Array.from({ length: n }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')
    expect(planRanges(`bytes=${specs(MAX_RANGES)}`, 1000)).toMatchObject({ kind: 'partial' })
    expect(planRanges(`bytes=${specs(MAX_RANGES + 1)}`, 1000)).toEqual({ kind: 'full' })
    // thousands of overlapping ranges merge into one
    const same = Array.from({ length: 3000 }, () => '0-99').join(',')
    expect(planRanges(`bytes=${same}`, 1000)).toEqual(partial([0, 99]))
  })

  it('an empty file satisfies no range', () => {
    expect(planRanges('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' })
    expect(planRanges('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' })
  })

  it('huge numbers are clamped or unsatisfiable, never thrown', () => {
    expect(planRanges(`bytes=0-${'9'.repeat(400)}`, 1000)).toEqual(partial([0, 999]))
    expect(planRanges(`bytes=${'9'.repeat(400)}-`, 1000)).toEqual({ kind: 'unsatisfiable' })
    expect(planRanges(`bytes=-${'9'.repeat(400)}`, 1000)).toEqual(partial([0, 999]))
  })
})
