#!/usr/bin/env node
import('../dist/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('tgfetch is not built yet: run `npm run build` (npm ci does it for you)\n')
    process.exit(70)
  }
  throw error
})
