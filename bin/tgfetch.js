#!/usr/bin/env node
// CommonJS (bin/package.json), as the bundle it starts: Node then loads no ES module machinery
'use strict'
const { join } = require('node:path')

const bundle = join(__dirname, '..', 'dist', 'bundle')
let start
try {
  start = require(join(bundle, 'start.js')).start
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('start.js')) throw error
  process.stderr.write('tgfetch is not built yet: run `npm run build` (npm ci does it for you)\n')
  process.exit(70)
}
start(join(bundle, 'main.js'))
