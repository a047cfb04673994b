import { randomBytes } from 'node:crypto'
import type { Frame } from './codec.js'
import { FramingError } from './errors.js'

/** MTProto packets are at most 16 MiB; the margin covers envelopes and transport padding. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024 + 4096

export type Role = 'client' | 'server'
export type RandomSource = (n: number) => Uint8Array

export const defaultRandom: RandomSource = (n) => randomBytes(n)

/** Validates a decoded payload length (header already parsed, payload not yet arrived). */
export function checkLength(length: number, maxFrameSize: number, what: string): void {
  if (length === 0) throw new FramingError(`${what}: empty frame`)
  if (length > maxFrameSize)
    throw new FramingError(`${what}: frame of ${length} bytes exceeds ${maxFrameSize}`)
}

/** Validates a payload about to be encoded (programming errors, not untrusted input). */
export function checkOutgoing(payload: Uint8Array, maxFrameSize: number, what: string): void {
  if (payload.length === 0) throw new RangeError(`${what}: cannot send an empty payload`)
  if (payload.length > maxFrameSize) {
    throw new RangeError(`${what}: payload of ${payload.length} bytes exceeds ${maxFrameSize}`)
  }
}

/** Reads a little-endian int32 from the start of `data` (length ≥ 4). */
export function int32At(data: Uint8Array, at = 0): number {
  return data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)
}

/**
 * Client side: a payload of exactly 4 bytes holding a negative int32 is a transport
 * error (no MTProto packet is that short); anything else is a packet.
 * Server side: everything is a packet (clients never send transport errors).
 */
export function classify(data: Buffer, role: Role, quickAck: boolean): Frame {
  if (role === 'client' && data.length === 4) {
    const code = int32At(data)
    if (code < 0) return { kind: 'error', code }
  }
  return quickAck ? { kind: 'packet', data, quickAck: true } : { kind: 'packet', data }
}

/** Normalises an error code to the negative wire form (accepts 404 or -404). */
export function errorCode(code: number): number {
  if (!Number.isInteger(code) || code === 0 || Math.abs(code) > 0x7fffffff) {
    throw new RangeError(`invalid transport error code ${code}`)
  }
  return -Math.abs(code)
}

/** Quick-ack tokens always have the most significant bit set. */
export function ackToken(token: number): number {
  return (token | 0x80000000) >>> 0
}
