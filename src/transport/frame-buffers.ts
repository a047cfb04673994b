/**
 * Buffers for large incoming frames, handed back by whoever used a frame
 * last so the next frame reuses them: a download receives a gigabyte in
 * 1 MiB frames, and a new buffer for each costs a garbage collection every
 * few dozen frames and keeps tens of dead megabytes resident.
 *
 * The contract is narrow. Only the final consumer of a file part calls
 * {@link recycleFrame}, once it holds no view of the bytes any more. A frame
 * whose buffer holds several messages (a container) is marked with
 * {@link keepFrame} by the MTProto layer and never recycled, since another
 * message's views may still be in use. A buffer nobody hands back is simply
 * garbage-collected.
 */

/** Frames at least this long come from the pool (smaller ones are cheap to allocate). */
const POOLED_MIN = 64 * 1024
/** Room for a 1 MiB part with its MTProto and transport envelopes. */
const CAPACITY = 1024 * 1024 + 16 * 1024
/** Free buffers kept for reuse; more are left to the garbage collector. */
const MAX_FREE = 8

const pooled = new WeakSet<ArrayBuffer>()
const kept = new WeakSet<ArrayBuffer>()
const free: ArrayBuffer[] = []

/** A buffer of `n` bytes for a frame about to arrive. */
export function takeFrameBuffer(n: number): Buffer {
  if (n < POOLED_MIN || n > CAPACITY) return Buffer.allocUnsafe(n)
  let buffer = free.pop()
  if (!buffer) {
    buffer = new ArrayBuffer(CAPACITY)
    pooled.add(buffer)
  }
  kept.delete(buffer)
  return Buffer.from(buffer, 0, n)
}

/** The frame holding `view` may carry views still in use: never reuse it. */
export function keepFrame(view: Uint8Array): void {
  if (pooled.has(view.buffer as ArrayBuffer)) kept.add(view.buffer as ArrayBuffer)
}

/** Nothing reads `view` (nor any other view of its frame) any more: its buffer may carry the next frame. */
export function recycleFrame(view: Uint8Array): void {
  const buffer = view.buffer as ArrayBuffer
  if (!pooled.has(buffer) || kept.has(buffer) || free.length >= MAX_FREE || free.includes(buffer)) return
  free.push(buffer)
}
