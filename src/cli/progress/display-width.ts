import { graphemesOf, isPlainAscii } from '../graphemes.js'

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u
const EMOJI = /\p{Emoji_Presentation}|\ufe0f/u

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F, by block)
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
]

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0
  if (EMOJI.test(g)) return 2
  const cp = g.codePointAt(0) ?? 0
  return WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1
}

function graphemes(text: string): Array<{ g: string; w: number }> {
  return graphemesOf(text).map((g) => ({ g, w: graphemeWidth(g) }))
}

/** Columns `text` takes in a terminal (no escape sequences expected). */
export function displayWidth(text: string): number {
  if (isPlainAscii(text)) return text.length
  let width = 0
  for (const { w } of graphemes(text)) width += w
  return width
}

/** `text` cut to at most `max` columns, the middle replaced by `…`, so both the start and the extension stay. */
export function truncateMiddle(text: string, max: number): string {
  if (displayWidth(text) <= max) return text
  if (max <= 1) return '…'.slice(0, max)
  const parts = graphemes(text)
  const tailBudget = Math.floor((max - 1) / 2)
  let headBudget = max - 1 - tailBudget
  let tail = ''
  let tailWidth = 0
  for (let i = parts.length - 1; i >= 0; i--) {
    const { g, w } = parts[i]!
    if (tailWidth + w > tailBudget) break
    tail = g + tail
    tailWidth += w
  }
  headBudget += tailBudget - tailWidth
  let head = ''
  for (const { g, w } of parts) {
    if (w > headBudget) break
    head += g
    headBudget -= w
  }
  return `${head}…${tail}`
}

/** `text` cut to at most `max` columns, ending in `…` when cut. */
export function truncateEnd(text: string, max: number): string {
  if (displayWidth(text) <= max) return text
  let out = ''
  let budget = max - 1
  for (const { g, w } of graphemes(text)) {
    if (w > budget) break
    out += g
    budget -= w
  }
  return max >= 1 ? `${out}…` : ''
}

/** `text` split into lines of at most `max` columns, between words where possible. */
export function wrapToWidth(text: string, max: number): string[] {
  const lines: string[] = []
  let line = ''
  let width = 0
  const push = (): void => {
    lines.push(line.trimEnd())
    line = ''
    width = 0
  }
  for (const word of text.split(/(?<= )/)) {
    const wordWidth = displayWidth(word.trimEnd())
    if (line && width + wordWidth > max) push()
    for (const { g, w } of graphemes(word)) {
      if (width + w > max) {
        if (g === ' ') continue
        if (line) push()
      }
      line += g
      width += w
    }
  }
  if (line || lines.length === 0) push()
  return lines
}
