// Preloaded with `node --import`: records every module the process resolves
// (one URL per line) in the file named by TGFETCH_MODULE_TRACE.
import { register } from 'node:module'

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs'
    let file
    export function initialize(data) { file = data }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context)
      appendFileSync(file, resolved.url + '\\n')
      return resolved
    }
  `)}`,
  { data: process.env.TGFETCH_MODULE_TRACE },
)
