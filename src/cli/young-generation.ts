import { setFlagsFromString } from 'node:v8'

/**
 * Keeps V8's young generation at the size it starts with (1 MiB per
 * semi-space on Node 20). A download makes a steady stream of short-lived
 * objects (requests, answers, promises) and some of each batch survives a
 * scavenge; by default V8 answers by doubling the young generation up to
 * 2 × 16 MiB, every page of it resident, for no gain: scavenges cost what
 * survives, not what died, and a small young generation stays in the CPU's
 * caches. On a 4 GiB `lan` download: peak RSS 156 → 143 MiB, CPU 16.5 → 15.0 s.
 *
 * The flag is read each time V8 would grow the space, so setting it at
 * start-up works. The CLI owns its process and sets it; the library leaves
 * the embedding application's V8 alone.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1')
}
