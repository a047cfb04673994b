import { RpcError } from '../../mtproto/index.js'

/** What went wrong and what the user can do about it, by the error text Telegram answers a login with. */
const EXPLAINED = new Map<string, [what: string, todo: string]>([
  [
    'PHONE_NUMBER_INVALID',
    ['the phone number is not valid', 'give it in international format, e.g. +4412345678'],
  ],
  ['PHONE_CODE_EMPTY', ['the code is empty', 'give the code Telegram sent']],
  ['PHONE_CODE_INVALID', ['the code is wrong', 'check it and try again']],
  ['PHONE_CODE_EXPIRED', ['the code has expired', 'log in again to get a new one']],
  ['PASSWORD_HASH_INVALID', ['the 2FA password is wrong', 'check it and try again']],
  ['ACCESS_TOKEN_INVALID', ['the bot token is not valid', 'copy it again from @BotFather']],
])

/**
 * A sentence for a login Telegram refused (a wrong code, password, phone
 * number or bot token) naming Telegram's error; undefined for any other error.
 */
export function explainLoginError(e: unknown): string | undefined {
  if (!(e instanceof RpcError)) return undefined
  const explained = EXPLAINED.get(e.text)
  return explained && `${explained[0]} (${e.text}): ${explained[1]}`
}
