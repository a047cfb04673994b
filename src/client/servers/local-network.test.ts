import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { localNetworkId } from './local-network.js'

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
})

describe('localNetworkId', () => {
  it('is a hash of the non-internal IPv4 addresses, in any order, without the addresses', () => {
    const here = localNetworkId({
      lo: [v4('127.0.0.1', true)],
      eth0: [v4('192.168.1.20')],
      wg0: [v4('10.0.0.2')],
    })
    expect(here).toBe(localNetworkId({ wg0: [v4('10.0.0.2')], eth0: [v4('192.168.1.20')] }))
    expect(here).not.toBe(localNetworkId({ eth0: [v4('192.168.7.20')], wg0: [v4('10.0.0.2')] }))
    expect(here).toMatch(/^[0-9a-f]{16}$/)
  })
})
