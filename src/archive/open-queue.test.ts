import { describe, expect, it } from 'vitest'
import { openJobQueue, QueueUrlError, redisConnection } from './open-queue.js'

describe('the queue URL', () => {
  it('reads host, port, password and database of redis://', () => {
    expect(redisConnection('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2 })
    expect(redisConnection('redis://:p%40ss@queue.lan')).toEqual({
      host: 'queue.lan',
      port: 6379,
      password: 'p@ss',
    })
  })

  it('refuses what names no backend, in words', async () => {
    expect(() => redisConnection('redis://h:1/zero')).toThrow(QueueUrlError)
    await expect(openJobQueue('amqp://h', '/nonexistent')).rejects.toThrow(/expected redis:\/\/host:port\/db/)
    await expect(openJobQueue('redis://[', '/nonexistent')).rejects.toThrow(QueueUrlError)
  })
})
