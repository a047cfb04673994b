import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { apiLayer } from './schema.js'

describe('apiLayer', () => {
  it('is the layer the whole schema file declares (read from its first bytes only)', () => {
    const schema = createRequire(import.meta.url)('@mtcute/tl/api-schema.json') as { l: number }
    expect(apiLayer).toBe(schema.l)
  })
})
