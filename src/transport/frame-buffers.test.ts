import { describe, expect, it } from 'vitest'
import { keepFrame, recycleFrame, takeFrameBuffer } from './frame-buffers.js'

describe('frame buffers', () => {
  it('hands a recycled 1 MiB frame’s buffer to the next frame', () => {
    const first = takeFrameBuffer(1024 * 1024 + 100)
    expect(first.length).toBe(1024 * 1024 + 100)
    recycleFrame(first.subarray(60, 1024 * 1024 + 60))
    const second = takeFrameBuffer(700_000)
    expect(second.buffer).toBe(first.buffer)
    expect(second.length).toBe(700_000)
  })

  it('never reuses a frame kept for its several messages, nor one handed back twice', () => {
    const container = takeFrameBuffer(200_000)
    keepFrame(container.subarray(100))
    recycleFrame(container)
    expect(takeFrameBuffer(200_000).buffer).not.toBe(container.buffer)

    const twice = takeFrameBuffer(300_000)
    recycleFrame(twice)
    recycleFrame(twice)
    const a = takeFrameBuffer(300_000)
    const b = takeFrameBuffer(300_000)
    expect(a.buffer).toBe(twice.buffer)
    expect(b.buffer).not.toBe(twice.buffer)
  })

  it('leaves small frames and strangers’ buffers alone', () => {
    const small = takeFrameBuffer(1000)
    recycleFrame(small)
    const stranger = new Uint8Array(2 * 1024 * 1024)
    recycleFrame(stranger)
    const next = takeFrameBuffer(100_000)
    expect(next.buffer).not.toBe(small.buffer)
    expect(next.buffer).not.toBe(stranger.buffer)
  })
})
