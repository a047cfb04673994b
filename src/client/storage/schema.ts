import type { Database } from 'better-sqlite3'

/** Schema migrations, applied in order; `PRAGMA user_version` says how many ran. */
const MIGRATIONS = [
  `
  CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    label       TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('user', 'bot')),
    user_id     INTEGER,
    phone       TEXT,
    premium     INTEGER NOT NULL DEFAULT 0,
    home_dc     INTEGER NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
  );
  CREATE TABLE auth_keys (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    dc_id       INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('perm', 'temp', 'cdn')),
    auth_key    BLOB    NOT NULL,
    expires_at  INTEGER,
    salt        TEXT,
    time_offset INTEGER NOT NULL DEFAULT 0,
    authorized  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, dc_id, kind)
  );
  CREATE TABLE peers (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    peer_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('user', 'chat', 'channel')),
    access_hash TEXT,
    username    TEXT,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind, peer_id)
  );
  CREATE INDEX peers_by_username ON peers (account_id, username);
  CREATE TABLE kv (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE server_configs (
    server_list TEXT    PRIMARY KEY,
    this_dc     INTEGER NOT NULL,
    expires     INTEGER NOT NULL,
    dc_options  TEXT    NOT NULL
  );
  `,
  `
  CREATE TABLE chat_progress (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL,
    scope       TEXT    NOT NULL,
    msg_id      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, chat_id, scope)
  );
  `,
  `
  CREATE TABLE request_pace (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    method      TEXT    NOT NULL,
    per_second  REAL    NOT NULL CHECK (per_second > 0),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, method)
  );
  `,
  `
  CREATE TABLE pool_size (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    dc_id       INTEGER NOT NULL,
    connections INTEGER NOT NULL CHECK (connections > 0),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, dc_id)
  );
  `,
  // the DC a channel's last downloaded file was on: where \`get\` opens its connections while the link resolves
  `
  ALTER TABLE peers ADD COLUMN file_dc INTEGER;
  `,
]

const versionOf = (db: Database): number => db.pragma('user_version', { simple: true }) as number

export function migrate(db: Database): void {
  if (versionOf(db) >= MIGRATIONS.length) return
  // read again under the write lock: another process may have migrated since
  db.transaction(() => {
    for (let i = versionOf(db); i < MIGRATIONS.length; i++) {
      db.exec(MIGRATIONS[i]!)
      db.pragma(`user_version = ${i + 1}`)
    }
  }).immediate()
}
