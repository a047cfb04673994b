// printable ASCII: every character is a grapheme of one column
const PLAIN_ASCII = /^[\x20-\x7e]*$/

// made at the first text that needs it: creating ICU's segmenter loads its
// break rules, 10–25 ms that used to fall between a `get`'s first two requests
let segmenter: Intl.Segmenter | undefined

export function isPlainAscii(text: string): boolean {
  return PLAIN_ASCII.test(text)
}

/** The user-perceived characters of `text`, in order (a flag, a family emoji, `e` + accent: one each). */
export function graphemesOf(text: string): string[] {
  if (isPlainAscii(text)) return Array.from(text)
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  return Array.from(segmenter.segment(text), ({ segment }) => segment)
}
