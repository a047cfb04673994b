export type Paint = (text: string) => string

/** The few colors the display uses; all identity when colors are off. */
export interface Palette {
  colors: boolean
  ok: Paint
  bad: Paint
  warn: Paint
  dim: Paint
  bold: Paint
  accent: Paint
}

function sgr(on: number, off: number): Paint {
  return (text) => (text ? `\u001b[${on}m${text}\u001b[${off}m` : text)
}

export const identity: Paint = (text) => text

export function palette(colors: boolean): Palette {
  if (!colors)
    return {
      colors: false,
      ok: identity,
      bad: identity,
      warn: identity,
      dim: identity,
      bold: identity,
      accent: identity,
    }
  return {
    colors: true,
    ok: sgr(32, 39),
    bad: sgr(31, 39),
    warn: sgr(33, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
    accent: sgr(36, 39),
  }
}
