import type { ServerConfig, ServerConfigCache } from '../servers/server-config.js'
import type { DcEndpoint } from '../servers/server-list.js'
import type { StateDatabase } from './database.js'

interface ConfigRow {
  this_dc: number
  expires: number
  dc_options: string
}

/** One server list's help.getConfig in the state database (dc_options as JSON). */
export class ServerConfigStore implements ServerConfigCache {
  constructor(
    private readonly db: StateDatabase,
    /** serverListKey() of the list */
    private readonly serverList: string,
  ) {}

  load(): ServerConfig | undefined {
    const row = this.db
      .prepare('SELECT this_dc, expires, dc_options FROM server_configs WHERE server_list = ?')
      .get(this.serverList) as ConfigRow | undefined
    if (!row) return undefined
    return {
      thisDc: row.this_dc,
      expires: row.expires,
      dcOptions: JSON.parse(row.dc_options) as DcEndpoint[],
    }
  }

  save(config: ServerConfig): void {
    this.db
      .prepare(
        `INSERT INTO server_configs (server_list, this_dc, expires, dc_options) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_list) DO UPDATE SET
           this_dc = excluded.this_dc, expires = excluded.expires, dc_options = excluded.dc_options`,
      )
      .run(this.serverList, config.thisDc, config.expires, JSON.stringify(config.dcOptions))
  }
}
