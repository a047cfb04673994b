import { TgfetchError } from '../errors/index.js'

/** Bad input from the user (a flag, a file, a setting): exit code 2 with the message. */
export class UsageError extends TgfetchError {
  readonly category = 'input'
}
