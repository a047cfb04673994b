import { join } from 'node:path'
import { inject } from 'vitest'

/** The CLI as tests run it: the bundle vitest.global-setup.ts made for this run. */
export const cliMain = (): string => join(inject('cliBundle'), 'main.js')

/** Another entry of that bundle (e.g. `crash-child`). */
export const bundled = (entry: string): string => join(inject('cliBundle'), `${entry}.js`)
