import type { tl } from '@mtcute/tl'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { toTlUser } from '../convert/user.js'

/** updates.getState's answer: the testkit sends no updates, so its counters never move. */
const UPDATES_STATE = { pts: 1, qts: 0, seq: 0, unreadCount: 0 } as const

/** users.getUsers (the caller and the world's users) and updates.getState; both need a logged-in key. */
export function registerUserHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api

  registry.on('users.getUsers', (req, ctx) => {
    const self = state.requireUser(ctx)
    const users: tl.RawUser[] = []
    for (const input of req.id as tl.TypeInputUser[]) {
      // unknown users are left out, as Telegram leaves out what it cannot resolve
      const id = userIdOf(input, self)
      const user = id === undefined ? undefined : state.index.user(id)
      if (user) users.push(toTlUser(user, { self: id === self }))
    }
    return users
  })

  registry.on('updates.getState', (_req, ctx): tl.updates.RawState => {
    state.requireUser(ctx)
    return { _: 'updates.state', ...UPDATES_STATE, date: Math.floor(state.now() / 1000) }
  })
}

function userIdOf(input: tl.TypeInputUser, self: number): number | undefined {
  switch (input._) {
    case 'inputUserSelf':
      return self
    case 'inputUser':
    case 'inputUserFromMessage':
      return input.userId
    default:
      return undefined
  }
}
