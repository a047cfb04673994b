import { Counter, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { MetricsPortError, serveMetrics } from './metrics-server.js'

describe('serveMetrics', () => {
  it('serves the registry at /metrics on 127.0.0.1 and nothing else', async () => {
    const registry = new Registry()
    new Counter({ name: 'tgfetch_test_total', help: 'a test counter', registers: [registry] }).inc(3)
    const server = await serveMetrics(registry, 0)
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(registry.contentType)
      expect(await res.text()).toMatch(/^tgfetch_test_total 3$/m)
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404)
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(404)
      // a port taken is the user's to change: an input error
      await expect(serveMetrics(registry, server.port)).rejects.toBeInstanceOf(MetricsPortError)
    } finally {
      await server.close()
    }
  })
})
