import { runDemo } from './demo.js'

// `npm run demo`: the same as `tgfetch demo`, without a build step
runDemo().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
