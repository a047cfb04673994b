import { AUTO_ORDER, type Carrier, type TransportChoice } from '../client/servers/carriers.js'
import { UsageError } from './usage-error.js'

const CHOICES: readonly string[] = [...AUTO_ORDER, 'auto']

/** `--transport` / TGFETCH_TRANSPORT / the config file's `transport`. */
export function parseTransportChoice(value: string): TransportChoice {
  const choice = value.trim().toLowerCase()
  if (!CHOICES.includes(choice))
    throw new UsageError(`--transport ${value}: expected one of ${CHOICES.join(', ')}`)
  return choice as TransportChoice
}

/**
 * Says once per run that `auto` carries MTProto over something other than TCP
 * (and why): a line on stderr, or with --json one `transport` event on stdout.
 */
export function carrierAnnouncer(json: boolean): (carrier: Carrier, failed: readonly Carrier[]) => void {
  let told = false
  return (carrier, failed) => {
    if (told) return
    told = true
    if (json) {
      const event = { event: 'transport', carrier, tried: failed, time: new Date().toISOString() }
      process.stdout.write(`${JSON.stringify(event)}\n`)
      return
    }
    const why =
      failed.length > 0 ? `${failed.join(', ')} did not answer` : 'what worked last time on this network'
    process.stderr.write(`tgfetch: connecting over ${carrier} (${why}; --transport to choose)\n`)
  }
}
