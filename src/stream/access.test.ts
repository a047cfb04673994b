import { describe, expect, it } from 'vitest'
import { isLoopbackHost } from './access.js'

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  )
  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.2',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    '128.0.0.1',
    '',
  ])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false))
})
