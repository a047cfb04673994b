import { readdirSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXIT, type ExitCode } from './exit-codes.js'
import { type ErrorCategory, TgfetchError } from './tgfetch-error.js'

class Probe extends TgfetchError {
  constructor(
    readonly category: ErrorCategory,
    options?: ErrorOptions,
  ) {
    super(`a ${category} error`, options)
  }
}

class ProbeChild extends Probe {}

// every category, with the exit code README documents for it
const EXPECTED = {
  input: EXIT.badInput,
  auth: EXIT.authNeeded,
  telegram: EXIT.error,
  protocol: EXIT.error,
  network: EXIT.error,
  proxy: EXIT.proxy,
  disk: EXIT.diskFull,
  download: EXIT.error,
  service: EXIT.error,
  invalid: EXIT.error,
} as const satisfies Record<ErrorCategory, ExitCode>

describe('TgfetchError', () => {
  it.each(Object.entries(EXPECTED))('%s exits with %i', (category, code) => {
    expect(new Probe(category as ErrorCategory).exitCode).toBe(code)
  })

  it('is an Error named after its class, subclasses included', () => {
    const e = new ProbeChild('input')
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('ProbeChild')
    expect(new Probe('input').name).toBe('Probe')
    expect(String(e)).toBe('ProbeChild: a input error')
  })

  it('keeps its cause', () => {
    const cause = new Error('socket hang up')
    expect(new Probe('network', { cause }).cause).toBe(cause)
    expect(new Probe('network').cause).toBeUndefined()
  })
})

/** `Name extends Error` for each class in `text` that extends a built-in error directly. */
function directSubclasses(text: string): string[] {
  const direct =
    /\bclass\s+(\w+)(?:<[^>]*>)?\s+extends\s+(?:globalThis\.)?((?:Aggregate|Eval|Range|Reference|Syntax|Type|URI)?Error)\b/g
  return [...text.matchAll(direct)].map((m) => `${m[1]} extends ${m[2]}`)
}

describe('the rule: no class extends a built-in error directly, but TgfetchError', () => {
  it('sees the forms it forbids, and only those', () => {
    const text = [
      'export class A extends Error {',
      'class B<T> extends TypeError {}',
      'class C extends globalThis.RangeError {',
      'class D extends TgfetchError {',
      'class E extends ErrorBoundary {',
    ].join('\n')
    expect(directSubclasses(text)).toEqual(['A extends Error', 'B extends TypeError', 'C extends RangeError'])
  })

  it('holds in every source file under src/ (tests and their helpers aside)', () => {
    const src = fileURLToPath(new URL('..', import.meta.url))
    const sources = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !/\.test(-helper)?\.ts$/.test(f))
      .map((f) => f.split(sep).join('/'))
    const found = sources.flatMap((f) =>
      directSubclasses(readFileSync(join(src, f), 'utf8')).map((c) => `${f}: ${c}`),
    )
    expect(sources.length).toBeGreaterThan(100)
    expect(found).toEqual(['errors/tgfetch-error.ts: TgfetchError extends Error'])
  })
})
