import { TgfetchError } from '../errors/index.js'

/** Telegram's largest `upload.getFile` limit, and the boundary no request may cross. */
export const MAX_PART = 1024 * 1024
/** The smallest part that obeys the non-precise rules. */
export const MIN_PART = 4096

/**
 * What a download asks for ahead of its first part: the file's first bytes
 * land after one round trip and 4 KiB (the smallest request Telegram takes)
 * instead of a whole part: 2 ms of a 2 MB/s connection, against 16 ms for
 * 32 KiB and 0.5 s for 1 MiB. Fetched again with the part, which alone is
 * journaled.
 */
export const HEAD_BYTES = MIN_PART

/** One request's worth of a file. */
export interface Part {
  index: number
  offset: number
  /** the limit sent: the full part size, also for the last part (the server sends what's left) */
  limit: number
  /** bytes the part holds in the file */
  length: number
}

export class PartSizeError extends TgfetchError {
  readonly category = 'invalid'
}

/**
 * Checks a part size against `upload.getFile`'s rules: a multiple of 4 KiB
 * that divides 1 MiB. Parts at multiples of such a size never cross a 1 MiB
 * boundary, so every request is valid without `precise`.
 */
export function checkPartSize(partSize: number): number {
  if (!Number.isInteger(partSize) || partSize < MIN_PART || partSize > MAX_PART || MAX_PART % partSize !== 0)
    throw new PartSizeError(`part size ${partSize} must be a power of two from 4 KiB to 1 MiB`)
  return partSize
}

/** 1 MiB parts for anything larger than 1 MiB, else the smallest valid size holding the whole file. */
export function defaultPartSize(fileSize: number): number {
  let size = MIN_PART
  while (size < fileSize && size < MAX_PART) size *= 2
  return size
}

export function partCount(fileSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(fileSize / partSize))
}

export function partAt(index: number, fileSize: number, partSize: number): Part {
  const offset = index * partSize
  return { index, offset, limit: partSize, length: Math.max(0, Math.min(partSize, fileSize - offset)) }
}

/** The request for the head of `part` (see {@link HEAD_BYTES}), if the part starts the file and is longer. */
export function headOf(part: Part): Part | undefined {
  if (part.offset !== 0 || part.limit <= HEAD_BYTES) return undefined
  return { index: part.index, offset: 0, limit: HEAD_BYTES, length: Math.min(HEAD_BYTES, part.length) }
}
