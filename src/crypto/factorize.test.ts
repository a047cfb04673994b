import { generatePrimeSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { factorizePq } from './factorize.js'
import * as S from './samples.test-helper.js'

describe('factorizePq', () => {
  it('factors the auth key samples', () => {
    expect(factorizePq(S.SAMPLE_PQ)).toEqual([S.SAMPLE_P, S.SAMPLE_Q])
    expect(factorizePq(S.LEGACY_PQ)).toEqual([S.LEGACY_P, S.LEGACY_Q])
  })

  it('factors random Telegram-sized products quickly', () => {
    const times: number[] = []
    for (let i = 0; i < 30; i++) {
      const p = generatePrimeSync(32, { bigint: true })
      const q = generatePrimeSync(31, { bigint: true })
      const start = performance.now()
      const [a, b] = factorizePq(p * q)
      times.push(performance.now() - start)
      expect(a * b).toBe(p * q)
      expect(a < b).toBe(true)
      expect([a, b].sort()).toEqual([p, q].sort())
    }
    times.sort((x, y) => x - y)
    expect(times[times.length >> 1]).toBeLessThan(50)
  })

  it('handles small and even inputs, rejects primes', () => {
    expect(factorizePq(15n)).toEqual([3n, 5n])
    expect(factorizePq(2n * 1000003n)).toEqual([2n, 1000003n])
    expect(() => factorizePq(1000003n)).toThrow(/PQ_FACTORIZE_FAILED/)
    expect(() => factorizePq(3n)).toThrow(/PQ_FACTORIZE_FAILED/)
  })
})
