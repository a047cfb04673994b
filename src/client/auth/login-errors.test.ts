import { describe, expect, it } from 'vitest'
import { RpcError } from '../../mtproto/index.js'
import { explainLoginError } from './login-errors.js'

describe('explainLoginError', () => {
  it("says what went wrong, Telegram's error and what to do", () => {
    expect(explainLoginError(new RpcError(400, 'PHONE_CODE_EXPIRED', 'auth.signIn'))).toBe(
      'the code has expired (PHONE_CODE_EXPIRED): log in again to get a new one',
    )
  })

  it('leaves other errors alone', () => {
    expect(explainLoginError(new RpcError(420, 'FLOOD_WAIT_30'))).toBeUndefined()
    expect(explainLoginError(new RpcError(400, 'constructor'))).toBeUndefined()
    expect(explainLoginError(new Error('PHONE_CODE_INVALID'))).toBeUndefined()
  })
})
