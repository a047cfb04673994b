import { InvalidArgumentError } from 'commander'

const UNITS = ['', 'k', 'm', 'g', 't']

/** `2G`, `500M`, `64K`, `1.5GiB`, `1000000` (bytes): binary units, as bytes. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text)
  if (!match) throw new InvalidArgumentError('a size such as 2G, 500M or 64K')
  const bytes = Math.floor(Number(match[1]) * 1024 ** UNITS.indexOf(match[2]!.toLowerCase()))
  if (!Number.isSafeInteger(bytes)) throw new InvalidArgumentError('too big')
  return bytes
}
