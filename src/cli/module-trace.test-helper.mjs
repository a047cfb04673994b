// Preloaded with `node --import`: records every module the process resolves
// (one URL per line) in the file named by TGFETCH_MODULE_TRACE: ES module
// imports through a loader hook, CommonJS requires (the CLI bundle's) through
// the CommonJS resolver.
import { appendFileSync } from 'node:fs'
import Module, { register } from 'node:module'
import { isAbsolute } from 'node:path'
import { pathToFileURL } from 'node:url'

const file = process.env.TGFETCH_MODULE_TRACE

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
  { data: file },
)

const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (...args) {
  const resolved = resolveFilename.apply(this, args)
  if (isAbsolute(resolved)) appendFileSync(file, `${pathToFileURL(resolved).href}\n`)
  return resolved
}
