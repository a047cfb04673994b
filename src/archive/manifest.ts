import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { ManifestFile, ManifestLine, ManifestMessage } from './manifest-record.js'
import { isInsideRelative } from './relative-path.js'

export const MANIFEST_NAME = 'messages.jsonl'
const CHUNK = 64 * 1024
const NL = 0x0a

/** Drops a line a crash cut short (no final newline): its message is appended again, whole. */
function repairTail(fd: number): number {
  let size = fstatSync(fd).size
  const last = Buffer.alloc(1)
  if (size === 0 || (readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === NL)) return size
  while (size > 0) {
    const n = Math.min(CHUNK, size)
    const chunk = Buffer.alloc(n)
    readSync(fd, chunk, 0, n, size - n)
    const nl = chunk.lastIndexOf(NL)
    if (nl >= 0) {
      size = size - n + nl + 1
      break
    }
    size -= n
  }
  ftruncateSync(fd, size)
  return size
}

/** The id of the last `message` line, reading backwards from the end; 0 when there is none. */
function lastMessageId(fd: number, size: number): number {
  let pos = size
  let head: Buffer = Buffer.alloc(0) // the start of a line whose beginning is in an earlier chunk
  while (pos > 0) {
    const n = Math.min(CHUNK, pos)
    pos -= n
    const chunk = Buffer.alloc(n)
    readSync(fd, chunk, 0, n, pos)
    // 0x0a never occurs inside a UTF-8 sequence: splitting bytes on it is safe
    const lines = splitLines(Buffer.concat([chunk, head]))
    for (let i = lines.length - 1; i >= (pos === 0 ? 0 : 1); i--) {
      const line = parseLine(lines[i] as Buffer)
      if (line?.type === 'message') return line.id
    }
    head = lines[0] as Buffer
  }
  return 0
}

function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = []
  let start = 0
  for (let nl = data.indexOf(NL); nl >= 0; nl = data.indexOf(NL, start)) {
    lines.push(data.subarray(start, nl))
    start = nl + 1
  }
  lines.push(data.subarray(start))
  return lines
}

function parseLine(bytes: Buffer): ManifestLine | undefined {
  if (bytes.length === 0) return undefined
  try {
    return JSON.parse(bytes.toString('utf8')) as ManifestLine
  } catch {
    return undefined
  }
}

/**
 * A chat's `messages.jsonl`, beside its media: one JSON line per message,
 * oldest first, and a `file` line when a file job puts a message's media in
 * place. Opening it finds the last message id, so a rerun appends only
 * newer messages. Every append is one write, synced before it returns.
 */
export class Manifest {
  private constructor(
    readonly path: string,
    private last: number,
  ) {}

  static open(folder: string): Manifest {
    mkdirSync(folder, { recursive: true })
    const path = join(folder, MANIFEST_NAME)
    const fd = openSync(path, 'a+')
    try {
      return new Manifest(path, lastMessageId(fd, repairTail(fd)))
    } finally {
      closeSync(fd)
    }
  }

  /** The newest message id written. */
  get lastId(): number {
    return this.last
  }

  /** Appends the messages newer than the last one written (ascending); returns how many. */
  appendMessages(records: readonly ManifestMessage[]): number {
    const fresh = records.filter((r) => r.id > this.last).sort((a, b) => a.id - b.id)
    for (const r of fresh) if (r.media) checkPath(r.media.path)
    appendLines(this.path, fresh)
    this.last = fresh.at(-1)?.id ?? this.last
    return fresh.length
  }
}

/**
 * Appends a file job's line to the chat's manifest (without reading it: file
 * jobs of one chat append side by side, each line one write). After a crash
 * the same line may appear twice; it says the same thing.
 */
export function appendFileLine(folder: string, line: ManifestFile): void {
  checkPath(line.path)
  mkdirSync(folder, { recursive: true })
  appendLines(join(folder, MANIFEST_NAME), [line])
}

function appendLines(path: string, lines: readonly ManifestLine[]): void {
  if (lines.length === 0) return
  const fd = openSync(path, 'a')
  try {
    // JSON.stringify escapes every control character and newline of untrusted text
    const data = Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''))
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done)
    fdatasyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function checkPath(path: string): void {
  if (!isInsideRelative(path))
    throw new TypeError(`manifest path ${JSON.stringify(path)} leaves the chat's folder`)
}

/** Every line of a chat's manifest (lines that do not parse are skipped). */
export function readManifest(folder: string): ManifestLine[] {
  const data = readFileSync(join(folder, MANIFEST_NAME))
  return splitLines(data)
    .map(parseLine)
    .filter((l): l is ManifestLine => l !== undefined)
}
