import type { PooledConnection } from './pooled-connection.js'

/**
 * One download's own limit (`-c`) on the connections of a pool it shares:
 * its requests go to at most `max` of a pool's connections at a time. The
 * pool's size stays what its sizing says for every other download.
 */
export class ConnectionCap {
  /** connections this download's requests went to; weak, so retired ones are forgotten */
  private readonly used = new WeakSet<PooledConnection>()

  constructor(readonly max: number) {}

  /** May a request go on `connection`, one of `pool` (the connections of its pool)? */
  allows(connection: PooledConnection, pool: readonly PooledConnection[]): boolean {
    if (this.used.has(connection)) return true
    let held = 0
    for (const c of pool) if (this.used.has(c)) held++
    return held < this.max
  }

  take(connection: PooledConnection): void {
    this.used.add(connection)
  }
}
