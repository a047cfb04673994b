#!/usr/bin/env node
try {
  // before anything else is loaded: loading the CLI would already grow V8's young generation
  const { prepareProcess } = await import('../dist/bundle/prepare-process.js')
  prepareProcess()
  await import('../dist/bundle/main.js')
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('tgfetch is not built yet: run `npm run build` (npm ci does it for you)\n')
    process.exit(70)
  }
  throw error
}
