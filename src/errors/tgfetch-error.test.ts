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
  download: EXIT.error,
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
