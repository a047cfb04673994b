import type { StateDatabase } from './database.js'

/**
 * How far an account got in a chat, per scope (`chat …` / `watch …` with the
 * filter and folder it ran with): the highest message id whose media is all
 * on disk. Survives restarts; one row per (account, chat, scope).
 */
export class ChatProgressStore {
  constructor(private readonly db: StateDatabase) {}

  get(accountId: number, chatId: number, scope: string): number | undefined {
    const row = this.db
      .prepare('SELECT msg_id FROM chat_progress WHERE account_id = ? AND chat_id = ? AND scope = ?')
      .get(accountId, chatId, scope) as { msg_id: number } | undefined
    return row?.msg_id
  }

  /** Records `msgId`; a lower id than the one stored never replaces it. */
  advance(accountId: number, chatId: number, scope: string, msgId: number): void {
    this.db
      .prepare(
        `INSERT INTO chat_progress (account_id, chat_id, scope, msg_id, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, chat_id, scope) DO UPDATE SET
           msg_id = MAX(msg_id, excluded.msg_id), updated_at = excluded.updated_at`,
      )
      .run(accountId, chatId, scope, msgId, Date.now())
  }

  forget(accountId: number, chatId: number, scope: string): void {
    this.db
      .prepare('DELETE FROM chat_progress WHERE account_id = ? AND chat_id = ? AND scope = ?')
      .run(accountId, chatId, scope)
  }
}
