// Importing sessions made by other Telegram tools into tgfetch's account store.

import { existsSync, statSync } from 'node:fs'
import type { Account, AccountStore } from '../storage/account-store.js'
import {
  type ImportedSession,
  MAX_STRING_SESSION_LENGTH,
  SessionImportError,
  type SessionKind,
} from './common.js'
import { looksLikeGramjsString, parseGramjsString } from './gramjs-string.js'
import { looksLikePyrogramString, parsePyrogramString } from './pyrogram-string.js'
import { parseTdata, resolveTdataDir } from './tdata.js'
import { isSqliteFile, parseTelethonFile, resolveTelethonPath } from './telethon-file.js'
import { looksLikeTelethonString, parseTelethonString } from './telethon-string.js'

export {
  type ImportedSession,
  SessionImportError,
  type SessionImportErrorCode,
  type SessionKind,
} from './common.js'
export { readTdata, type TdataAccount, type TdataContents } from './tdata.js'

export interface SessionImportInput {
  kind: SessionKind
  /** a path (telethon-file, tdata) or the session string itself */
  value: string
  /** Telegram Desktop's local passcode, when one is set */
  passcode?: string
}

/** Parses a session of the given kind; refuses anything malformed with a SessionImportError. */
export async function importSession(input: SessionImportInput): Promise<ImportedSession> {
  const value = input.kind === 'telethon-file' || input.kind === 'tdata' ? input.value : input.value.trim()
  switch (input.kind) {
    case 'telethon-file':
      return parseTelethonFile(value)
    case 'telethon-string':
      return parseTelethonString(value)
    case 'gramjs-string':
      return parseGramjsString(value)
    case 'pyrogram-string':
      return parsePyrogramString(value)
    case 'tdata':
      return parseTdata(value, input.passcode ?? '')
  }
  // reachable only from untyped callers (a CLI flag, JSON)
  throw new SessionImportError(String(input.kind) as SessionKind, 'unknown session kind', 'unsupported')
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Best-effort guess of what `value` is: a tdata folder, a Telethon .session file,
 * or one of the string formats (by length, alphabet and, for GramJS, layout).
 */
export function detectSessionKind(value: string): SessionKind | undefined {
  const text = value.trim()
  if (text.length === 0 || text.length > MAX_STRING_SESSION_LENGTH) return undefined
  if (isDirectory(value)) return resolveTdataDir(value) ? 'tdata' : undefined
  const file = resolveTelethonPath(value)
  if (existsSync(file)) return isSqliteFile(file) ? 'telethon-file' : undefined
  // GramJS's own layout first: a 14-character address makes it as long as a Telethon IPv6 string
  if (looksLikeGramjsString(text)) return 'gramjs-string'
  if (looksLikeTelethonString(text)) return 'telethon-string'
  if (looksLikePyrogramString(text)) return 'pyrogram-string'
  return undefined
}

/**
 * Creates an account for an imported session (home DC = its DC) and stores every key
 * as a permanent, authorized key. The account is removed again if a key cannot be saved.
 */
export function saveImportedSession(store: AccountStore, label: string, s: ImportedSession): Account {
  const account = store.create({
    label,
    kind: s.isBot ? 'bot' : 'user',
    userId: s.userId,
    premium: false,
    homeDc: s.dcId,
  })
  try {
    const keys = [
      { dcId: s.dcId, authKey: s.authKey },
      ...(s.extraKeys ?? []).filter((k) => k.dcId !== s.dcId),
    ]
    for (const k of keys)
      store.saveKey(account.id, {
        dcId: k.dcId,
        kind: 'perm',
        authKey: k.authKey,
        timeOffset: 0,
        authorized: true,
      })
  } catch (e) {
    store.remove(account.id)
    throw e
  }
  return account
}
