import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))
const module = fileURLToPath(new URL('./young-generation.ts', import.meta.url))

/** MiB of V8's new space after churning through objects of which some survive a while, as a download does. */
function newSpaceAfterChurn(keepSmall: boolean): number {
  const script = `
    import v8 from 'node:v8'
    import { keepYoungGenerationSmall } from ${JSON.stringify(module)}
    if (${keepSmall}) keepYoungGenerationSmall()
    const live = []
    for (let i = 0; i < 3_000_000; i++) {
      live.push({ i, s: 'x' + i })
      if (live.length > 20_000) live.splice(0, 10_000)
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
    process.stdout.write(String(space.space_size / 1048576))
  `
  return Number(execFileSync(tsx, ['--eval', script], { encoding: 'utf8' }))
}

describe('keepYoungGenerationSmall', () => {
  it('keeps the young generation at its first size where V8 would have grown it', () => {
    const grown = newSpaceAfterChurn(false)
    const kept = newSpaceAfterChurn(true)
    expect(grown).toBeGreaterThanOrEqual(16)
    expect(kept).toBeLessThanOrEqual(8)
  }, 30_000)
})
