import { keepYoungGenerationSmall } from '../../young-generation.js'

// `npm run demo`: the same as `tgfetch demo`, without a build step;
// the young generation is capped before loading the rest can grow it
keepYoungGenerationSmall()
const { runDemo } = await import('./demo.js')
runDemo().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
