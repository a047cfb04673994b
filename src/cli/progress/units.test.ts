import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatSpeed } from './units.js'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1000, '0.98 KiB'],
    [1536, '1.50 KiB'],
    [230 * 1024 * 1024, '230 MiB'],
    [12.34 * 1024 * 1024, '12.3 MiB'],
    [1.2 * 1024 ** 3, '1.20 GiB'],
    [5 * 1024 ** 4, '5.00 TiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatSpeed', () => {
  it.each([
    [0, '0 B/s'],
    [980e3, '980 kB/s'],
    [48.2e6, '48.2 MB/s'],
    [1.5e9, '1.50 GB/s'],
    [Number.NaN, '0 B/s'],
  ])('%d → %s', (speed, text) => {
    expect(formatSpeed(speed)).toBe(text)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [65, '1:05'],
    [3599, '59:59'],
    [2 * 3600 + 3 * 60, '2h03m'],
    [99 * 3600 + 59 * 60, '99h59m'],
    [4 * 86400 + 7 * 3600, '4d07h'],
    [undefined, '--:--'],
    [Number.POSITIVE_INFINITY, '--:--'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})
