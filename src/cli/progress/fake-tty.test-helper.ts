import { displayWidth } from './display-width.js'
import type { OutputStream } from './reporter.js'

// what the reporters may send: SGR colors, cursor up, erase line / below; anything else fails the test
// biome-ignore lint/suspicious/noControlCharactersInRegex: parsing terminal output
const TOKEN = /\u001b\[(\d*)([mAKJ])|\r|\n|[^\u001b\r\n]+|\u001b/g

/**
 * Test helper: a stream that records writes and plays them on a screen the
 * way a terminal would, for the few sequences the reporters use.
 */
export class FakeTty implements OutputStream {
  readonly writes: string[] = []
  /** every line written, scrolled-off ones included */
  readonly lines: string[] = ['']
  /** the widest line ever on screen, in columns, measured after every write */
  widest = 0
  private row = 0
  private col = 0

  constructor(
    public columns: number,
    public isTTY = true,
    public rows = 24,
  ) {}

  write(text: string): boolean {
    this.writes.push(text)
    for (const [token, count, command] of text.matchAll(TOKEN)) this.apply(token, Number(count || 1), command)
    this.widest = Math.max(this.widest, ...this.lines.map(displayWidth))
    return true
  }

  get output(): string {
    return this.writes.join('')
  }

  /** the screen as text, without the empty line the cursor sits on */
  screen(): string[] {
    return this.lines.at(-1) === '' ? this.lines.slice(0, -1) : [...this.lines]
  }

  private apply(token: string, count: number, command: string | undefined): void {
    const line = this.lines[this.row]!
    if (command === 'm') return
    if (command === 'A') {
      // a terminal cannot move above the top of its screen
      this.row = Math.max(this.lines.length - this.rows, this.row - count, 0)
    } else if (command === 'K') {
      this.lines[this.row] = line.slice(0, this.col)
    } else if (command === 'J') {
      this.lines[this.row] = line.slice(0, this.col)
      this.lines.length = this.row + 1
    } else if (token === '\r') {
      this.col = 0
    } else if (token === '\n') {
      this.row++
      this.col = 0
      if (this.row === this.lines.length) this.lines.push('')
    } else if (token.startsWith('\u001b')) {
      throw new Error(`unexpected escape sequence ${JSON.stringify(token)}`)
    } else {
      this.lines[this.row] = line.slice(0, this.col) + token + line.slice(this.col + token.length)
      this.col += token.length
    }
  }
}

/** every escape sequence in `text`, without its ESC: `[32m`, `[3A`, `[K`… (`?` when ESC starts no CSI) */
export function escapeSequences(text: string): string[] {
  return text
    .split('\u001b')
    .slice(1)
    .map((rest) => /^\[[0-?]*[ -/]*[@-~]/.exec(rest)?.[0] ?? '?')
}

/** the control characters in `text` other than ESC and line breaks */
export function strayControls(text: string): string[] {
  return [...text].filter((ch) => {
    const code = ch.charCodeAt(0)
    return ch !== '\n' && ch !== '\r' && ch !== '\u001b' && (code < 0x20 || (code >= 0x7f && code < 0xa0))
  })
}
