import type { ArchiveDatabase } from './archive-db.js'

/** One archived file: where its first copy is and what it holds. */
export interface ArchivedFile {
  /** the file identity (`doc:<id>@<dc>`, `photo:<id>@<dc>`) */
  identity: string
  /** absolute path of the copy other placements link to */
  path: string
  size: number
  /** hex SHA-256 of the bytes */
  sha256: string
  /** where it was first met */
  chatId: number
  msgId: number
}

interface Row {
  identity: string
  path: string
  size: number
  sha256: string
  chat_id: number
  msg_id: number
}

/**
 * Which files the archive holds, by identity, so a file met again (in
 * another chat, or reposted) is linked rather than downloaded; who is
 * downloading which file just now; and how many bytes links saved, for
 * `status`. Asynchronous, so a Redis implementation (workers on several
 * machines) fits the same shape.
 */
export interface DedupStore {
  /**
   * Claims the download of `identity` for `ms` (renew by claiming again):
   * true when it was free, expired or already `holder`'s. Another job of the
   * same file waits for the holder's copy instead of downloading it too.
   */
  claim(identity: string, holder: string, ms: number): Promise<boolean>
  /** Gives the claim back (a no-op unless `holder` has it). */
  unclaim(identity: string, holder: string): Promise<void>
  lookup(identity: string): Promise<ArchivedFile | undefined>
  /**
   * Records a downloaded file. An identity already recorded keeps its first
   * copy, unless that copy is `replacing` (it was found gone from disk).
   */
  record(file: ArchivedFile, replacing?: string): Promise<void>
  /** Counts bytes a link spared a download. */
  noteDeduped(bytes: number): Promise<void>
  /** Bytes dedup saved so far. */
  dedupedBytes(): Promise<number>
  /** Lets go of the backend. */
  close(): Promise<void>
}

/** The local backend: the archive's SQLite file, shared by the workers of one machine. */
export class SqliteDedupStore implements DedupStore {
  constructor(
    private readonly db: ArchiveDatabase,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS archived_files (
        identity TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        msg_id INTEGER NOT NULL,
        archived_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS archive_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS file_claims (
        identity TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `)
  }

  async claim(identity: string, holder: string, ms: number): Promise<boolean> {
    const now = this.now()
    const { changes } = this.db
      .prepare(
        `INSERT INTO file_claims (identity, holder, expires_at) VALUES (@identity, @holder, @until)
         ON CONFLICT (identity) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE file_claims.holder = excluded.holder OR file_claims.expires_at <= @now`,
      )
      .run({ identity, holder, until: now + ms, now })
    return changes === 1
  }

  async unclaim(identity: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM file_claims WHERE identity = ? AND holder = ?').run(identity, holder)
  }

  async lookup(identity: string): Promise<ArchivedFile | undefined> {
    const row = this.db.prepare('SELECT * FROM archived_files WHERE identity = ?').get(identity) as
      | Row
      | undefined
    if (!row) return undefined
    const { path, size, sha256 } = row
    return { identity, path, size, sha256, chatId: row.chat_id, msgId: row.msg_id }
  }

  async record(file: ArchivedFile, replacing?: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO archived_files (identity, path, size, sha256, chat_id, msg_id, archived_at)
         VALUES (@identity, @path, @size, @sha256, @chatId, @msgId, @at)
         ON CONFLICT (identity) DO UPDATE SET
           path = excluded.path, size = excluded.size, sha256 = excluded.sha256,
           chat_id = excluded.chat_id, msg_id = excluded.msg_id, archived_at = excluded.archived_at
         WHERE archived_files.path = @replacing`,
      )
      .run({ ...file, at: Date.now(), replacing: replacing ?? null })
  }

  async noteDeduped(bytes: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO archive_counters (name, value) VALUES ('deduped_bytes', ?)
         ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
      )
      .run(bytes)
  }

  async dedupedBytes(): Promise<number> {
    const row = this.db.prepare("SELECT value FROM archive_counters WHERE name = 'deduped_bytes'").get() as
      | { value: number }
      | undefined
    return row?.value ?? 0
  }

  /** The database is its opener's to close. */
  async close(): Promise<void> {}
}
