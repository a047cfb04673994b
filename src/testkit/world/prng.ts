/** A small seeded PRNG (mulberry32): the same seed gives the same world. */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** a positive TL long as a decimal string */
  long(): string {
    const hi = this.int(1, 0x7fffffff)
    const lo = this.int(0, 0xffffffff)
    return (BigInt(hi) * 2n ** 32n + BigInt(lo)).toString()
  }

  hex(bytes: number): string {
    let out = ''
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, '0')
    return out
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!
  }
}
