/** Bytes per second over a sliding window of recent samples. */
export class SpeedMeter {
  private readonly samples: { at: number; bytes: number }[] = []
  private total = 0

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(bytes: number): void {
    const at = this.now()
    this.samples.push({ at, bytes })
    this.total += bytes
    this.trim(at)
  }

  /** bytes/s over the window (or since the first sample, if younger) */
  speed(): number {
    const at = this.now()
    this.trim(at)
    const first = this.samples[0]
    if (!first) return 0
    const span = Math.max(at - first.at, Math.min(this.windowMs, 250))
    return (this.total * 1000) / span
  }

  private trim(at: number): void {
    while (this.samples.length > 0 && at - (this.samples[0]?.at ?? at) > this.windowMs) {
      this.total -= this.samples.shift()?.bytes ?? 0
    }
  }
}
