import { TgfetchError } from '../errors/index.js'

/** Bytes that are not valid TL for what was expected: truncated, oversized, unknown ids. */
export class TlDecodeError extends TgfetchError {
  readonly category = 'protocol'
  constructor(
    message: string,
    readonly offset: number,
    /** the unknown constructor id, when that was the problem */
    readonly constructorId?: number,
  ) {
    super(`${message} (at byte ${offset})`)
  }
}
