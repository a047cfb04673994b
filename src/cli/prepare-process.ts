import { keepYoungGenerationSmall } from './young-generation.js'

/** What the CLI sets in its own process before the rest loads: V8's young generation. */
export function prepareProcess(): void {
  keepYoungGenerationSmall()
}
