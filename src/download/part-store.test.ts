import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MediaItem } from '../media/media-item.js'
import { takeFrameBuffer } from '../transport/frame-buffers.js'
import { PartStore } from './part-store.js'

const PART = 128 * 1024
const item = {
  dcId: 2,
  size: 2 * PART,
  location: { _: 'inputDocumentFileLocation', id: 7n },
} as unknown as MediaItem
let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('PartStore', () => {
  it.each([false, true])(
    'hands a written part’s frame buffer back for the next frame (sha256: %s)',
    async (sha256) => {
      dir = mkdtempSync(join(tmpdir(), 'tgfetch-part-store-'))
      const store = await PartStore.open(item, join(dir, 'file.bin'), PART, sha256)
      for (const index of [0, 1]) {
        const frame = takeFrameBuffer(PART).fill(index + 1)
        await store.write(store.partOf(index), frame)
        await new Promise(setImmediate) // the hasher's queued work (microtasks) is done
        // hashed (or not asked to be) and on disk: nothing holds it, the next frame reuses it
        expect(takeFrameBuffer(PART).buffer).toBe(frame.buffer)
      }
      await store.finish()
    },
  )
})
