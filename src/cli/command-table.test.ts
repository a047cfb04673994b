import { describe, expect, it } from 'vitest'
import { commandNameIn } from './command-name.js'
import { COMMANDS } from './command-table.js'

describe('the command table', () => {
  it('finds the command after global options, with or without their values', () => {
    expect(commandNameIn(['get', 'x'])).toBe('get')
    expect(commandNameIn(['--proxy', 'none', '--test-dc', 'serve', '--port', '1'])).toBe('serve')
    expect(commandNameIn(['--data-dir=/tmp/x', 'login'])).toBe('login')
    expect(commandNameIn(['--servers', 'get', 'chat'])).toBe('chat')
    expect(commandNameIn(['--help'])).toBeUndefined()
  })

  it('loads each command under its own name', async () => {
    for (const entry of COMMANDS) expect((await entry.load()).name()).toBe(entry.name)
  })

  it('exits as soon as the action returns for get only: servers and watchers run on after theirs', () => {
    expect(COMMANDS.filter((entry) => entry.exitWhenDone).map((entry) => entry.name)).toEqual(['get'])
  })
})
