// An escape sequence from ESC or its 8-bit form to its end: CSI parameters and final byte; OSC, DCS, SOS, PM and
// APC strings up to BEL or ST; or ESC and one more character. Unterminated ones run to the end of the text.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
// C0, DEL, C1, and the bidi controls that can make a name read as something else
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Text from a stranger made safe to print: escape sequences and control characters removed, line breaks made spaces. */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKS, ' ').replace(CONTROLS, '')
}
