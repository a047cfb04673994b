/** Where a source's feeder waits (a stalled download's error describes it). */
export type FeederWait = 'paused' | 'disk' | 'done' | 'parts in flight' | 'connection' | 'reconnect'

/** What a download knows when it describes a wait. */
export interface WaitFacts {
  unwritten: number
  inFlight: number
  /** the source's pool in words (DcPool.describe) */
  pool(): string
}

/** `what` in words for the error of a download that gave up: "a connection (…)", "the disk (2 parts unwritten)". */
export function describeWait(what: FeederWait, facts: WaitFacts): string {
  switch (what) {
    case 'paused':
      return 'a resume'
    case 'disk':
      return `the disk (${facts.unwritten} parts unwritten)`
    case 'done':
      return 'nothing (done)'
    case 'parts in flight':
      return `${facts.inFlight} parts in flight`
    case 'connection':
      return `a connection (${facts.pool()})`
    case 'reconnect':
      return 'a second before connecting again'
  }
}
