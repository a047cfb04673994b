import { TgfetchError } from '../../errors/index.js'

/** A testkit control (publish, accept-qr, a stdin line) that names something wrong or missing. */
export class ControlError extends TgfetchError {
  readonly category = 'input'
}
