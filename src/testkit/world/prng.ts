import { seededRandom } from '../../crypto/index.js'

/** A small seeded PRNG (mulberry32): the same seed gives the same world. */
export class Prng {
  /** [0, 1) */
  readonly next: () => number

  constructor(seed: number) {
    this.next = seededRandom(seed)
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
