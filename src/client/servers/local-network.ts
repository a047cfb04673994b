import { createHash } from 'node:crypto'
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os'

/**
 * The network this machine is on, as a short hash of its non-internal IPv4
 * addresses (sorted): the same Wi-Fi or office LAN gives the same id, another
 * network another, and no address is written anywhere. IPv6 is left out:
 * temporary (privacy) addresses change by the hour on the same network.
 */
export function localNetworkId(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string {
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => i.address)
    .sort()
  return createHash('sha256').update(addresses.join(',')).digest('hex').slice(0, 16)
}
