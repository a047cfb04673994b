import { describe, expect, it } from 'vitest'
import { terminalSafe } from './safe-text.js'

describe('terminalSafe', () => {
  it.each([
    ['plain name.mp4', 'plain name.mp4'],
    ['\u001b[31mred\u001b[0m.mp4', 'red.mp4'],
    ['\u001b[2J\u001b[Hwiped.mp4', 'wiped.mp4'],
    ['\u001b]0;new window title\u0007x.mp4', 'x.mp4'],
    ['\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\.mp4', 'link.mp4'],
    ['\u009b31mC1 CSI.mp4', 'C1 CSI.mp4'],
    ['\u009d0;title\u009cx', 'x'],
    ['\u001bPdevice control\u001b\\x', 'x'],
    ['\u001bcreset', 'reset'],
    ['two\nlines\r\nhere', 'two lines here'],
    ['tab\tbed', 'tab bed'],
    ['nul\u0000bell\u0007del\u007f', 'nulbelldel'],
    ['evil\u202eexe.mp4', 'evilexe.mp4'],
    ['\u2066isolated\u2069', 'isolated'],
    ['unterminated \u001b]0;title', 'unterminated '],
    ['東京 👍 café', '東京 👍 café'],
  ])('%j → %j', (input, expected) => {
    expect(terminalSafe(input)).toBe(expected)
  })

  it('leaves no control character in anything', () => {
    let all = ''
    for (let c = 0; c < 0xa0; c++) all += `${String.fromCharCode(c)}x`
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(terminalSafe(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  })
})
