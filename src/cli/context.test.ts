import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliContext, UsageError } from './context.js'

describe('cliContext', () => {
  const home = () => mkdtempSync(join(tmpdir(), 'tgfetch-ctx-'))

  it('takes API credentials from flags, then env, then config.json', async () => {
    const dir = home()
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ apiId: 111, apiHash: 'fromconfig', proxy: 'none' }),
    )
    const env = { TGFETCH_HOME: dir }
    expect(await cliContext({}, env)).toMatchObject({ apiId: 111, apiHash: 'fromconfig' })
    expect(
      await cliContext({}, { ...env, TGFETCH_API_ID: '222', TGFETCH_API_HASH: 'fromenv' }),
    ).toMatchObject({
      apiId: 222,
      apiHash: 'fromenv',
    })
    expect(await cliContext({ apiId: '333', apiHash: 'fromflag' }, env)).toMatchObject({
      apiId: 333,
      apiHash: 'fromflag',
    })
  })

  it('says what is missing or malformed', async () => {
    await expect(cliContext({ proxy: 'none' }, { TGFETCH_HOME: home() })).rejects.toThrow(/TGFETCH_API_ID/)
    const dir = home()
    writeFileSync(join(dir, 'config.json'), '{ nope')
    await expect(cliContext({}, { TGFETCH_HOME: dir })).rejects.toThrow(UsageError)
  })
})

describe('the config file', () => {
  it('lives in XDG_CONFIG_HOME/tgfetch (or TGFETCH_CONFIG), and unknown or malformed settings are bad input', async () => {
    const { configPath, readConfigFile } = await import('./config-file.js')
    const data = mkdtempSync(join(tmpdir(), 'tgfetch-data-'))
    const xdg = mkdtempSync(join(tmpdir(), 'tgfetch-xdg-'))
    mkdirSync(join(xdg, 'tgfetch'))
    writeFileSync(
      join(xdg, 'tgfetch', 'config.json'),
      JSON.stringify({ apiId: 5, apiHash: 'h', output: '/tmp/x' }),
    )
    const env = { XDG_CONFIG_HOME: xdg }
    expect(configPath(data, env)).toBe(join(xdg, 'tgfetch', 'config.json'))
    expect(readConfigFile(configPath(data, env))).toMatchObject({ apiId: 5, output: '/tmp/x' })
    expect(await cliContext({ proxy: 'none' }, { ...env, TGFETCH_HOME: data })).toMatchObject({
      apiId: 5,
      apiHash: 'h',
    })
    const bad = join(xdg, 'bad.json')
    writeFileSync(bad, JSON.stringify({ conections: 3 }))
    expect(() => readConfigFile(configPath(data, { TGFETCH_CONFIG: bad }))).toThrow(
      /unknown setting conections/,
    )
    writeFileSync(bad, JSON.stringify({ connections: -1 }))
    expect(() => readConfigFile(bad)).toThrow(UsageError)
  })
})
