import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { connect as netConnect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { FramingError } from './errors.js'
import { tcpHarness } from './tcp.test-helper.js'

const { listen, dial } = tcpHarness()

describe('acceptTransport', () => {
  it('reports garbage as FramingError on the server', async () => {
    const { port, accepted } = await listen()
    const raw = netConnect(port, '127.0.0.1')
    raw.on('error', () => undefined)
    await once(raw, 'connect')
    raw.write(Buffer.from('eeeeeeeeffffff7f', 'hex'))
    const server = await accepted()
    await expect(server.conn.read()).rejects.toBeInstanceOf(FramingError)
    expect(await server.conn.closed).toBeInstanceOf(FramingError)
    raw.destroy()
  })

  it('rejects accept on an unknown obfuscated tag, a refused plain transport or an early close', async () => {
    const secret = randomBytes(16)
    const { port, accepted } = await listen({ secret })
    const bad = await dial(port, { transport: 'padded', obfuscated: true })
    await expect(accepted()).rejects.toBeInstanceOf(FramingError)
    await bad.closed
    const plain = await dial(port, { transport: 'intermediate' })
    await expect(accepted()).rejects.toBeInstanceOf(FramingError)
    await plain.closed
    const good = await dial(port, { transport: 'padded', secret })
    await good.send(randomBytes(32))
    expect((await accepted()).name).toBe('padded')
    const raw = netConnect(port, '127.0.0.1')
    raw.end(Buffer.from('0102', 'hex'))
    await expect(accepted()).rejects.toThrow(/before the transport header/)
  })

  it('aborts an accept that is still waiting for the header', async () => {
    const ac = new AbortController()
    const { port, accepted } = await listen({ signal: ac.signal })
    const raw = netConnect(port, '127.0.0.1')
    raw.on('error', () => undefined)
    await once(raw, 'connect')
    const pending = accepted()
    ac.abort(new Error('shutdown'))
    await expect(pending).rejects.toThrow('shutdown')
    raw.destroy()
  })
})
