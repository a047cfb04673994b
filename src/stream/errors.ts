import { TgfetchError } from '../errors/index.js'

/** What a resolver throws when the chat, message or media does not exist (answered 404 with this message). */
export class MediaNotFoundError extends TgfetchError {
  readonly category = 'telegram'
}
