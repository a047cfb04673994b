/**
 * MTProxy fake-TLS ("ee" secrets) handshake messages.
 *
 * The client sends a 517-byte TLS 1.3-looking ClientHello (SNI = the secret's domain)
 * whose 32-byte "random" is HMAC-SHA256(secret16, hello with random zeroed), the last
 * 4 bytes XORed with the unix time (uint32 LE). The proxy answers ServerHello +
 * ChangeCipherSpec + one ApplicationData record; the ServerHello random is
 * HMAC-SHA256(secret16, client random ‖ that whole answer with its random zeroed).
 * Both sides are here: the client's for fake-tls.ts, the server's for the test front.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const RANDOM_OFFSET = 11
const HELLO_BODY_LENGTH = 508 // handshake 512 bytes, record 517: what Telegram clients send
const CIPHERS = Buffer.from('130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035', 'hex')

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff])
const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])
const ext = (type: number, body: Uint8Array): Buffer => Buffer.concat([u16(type), u16(body.length), body])
const hex = (s: string): Buffer => Buffer.from(s, 'hex')

/** 16-byte key of an ee secret (drops the 0xee prefix and the domain). */
export function fakeTlsKey(secret: Uint8Array): Buffer {
  return Buffer.from(secret.length === 16 ? secret : secret.subarray(1, 17))
}

export function buildClientHello(
  secret: Uint8Array,
  domain: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  random: (n: number) => Uint8Array = randomBytes,
): { hello: Buffer; digest: Buffer } {
  const grease = (): Buffer => {
    const g = (random(1)[0]! & 0xf0) | 0x0a
    return Buffer.from([g, g])
  }
  const name = Buffer.from(domain, 'ascii')
  const exts = [
    ext(grease().readUInt16BE(0), new Uint8Array(0)),
    ext(0x0000, Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name])),
    ext(0x0017, new Uint8Array(0)),
    ext(0xff01, hex('00')),
    ext(0x000a, Buffer.concat([u16(8), grease(), hex('001d00170018')])),
    ext(0x000b, hex('0100')),
    ext(0x0023, new Uint8Array(0)),
    ext(0x0010, hex('000c02683208687474702f312e31')),
    ext(0x0005, hex('0100000000')),
    ext(0x000d, hex('001004030804040105030805050108060601')),
    ext(0x0012, new Uint8Array(0)),
    ext(0x0033, Buffer.concat([u16(41), grease(), hex('000100001d0020'), random(32)])),
    ext(0x002d, hex('0101')),
    ext(0x002b, Buffer.concat([hex('0a'), grease(), hex('0304030303020301')])),
    ext(0x001b, hex('020002')),
    ext(grease().readUInt16BE(0), hex('00')),
  ]
  const head = Buffer.concat([
    hex('0303'),
    Buffer.alloc(32),
    hex('20'),
    random(32),
    u16(CIPHERS.length),
    CIPHERS,
    hex('0100'),
  ])
  let extBytes = Buffer.concat(exts)
  const used = head.length + 2 + extBytes.length
  // pad to the usual size; very long domains simply make a longer hello
  if (used + 4 <= HELLO_BODY_LENGTH) {
    extBytes = Buffer.concat([extBytes, ext(0x0015, Buffer.alloc(HELLO_BODY_LENGTH - used - 4))])
  }
  const body = Buffer.concat([head, u16(extBytes.length), extBytes])
  const handshake = Buffer.concat([hex('01'), u24(body.length), body])
  const hello = Buffer.concat([hex('160301'), u16(handshake.length), handshake])
  const digest = createHmac('sha256', fakeTlsKey(secret)).update(hello).digest()
  const time = digest.readUInt32LE(28) ^ (nowSeconds >>> 0)
  digest.writeUInt32LE(time >>> 0, 28)
  digest.copy(hello, RANDOM_OFFSET)
  return { hello, digest }
}

/** Length of the complete server answer at the start of `buf`, or undefined while incomplete. */
export function serverHelloLength(buf: Uint8Array): number | undefined {
  const types = [0x16, 0x14, 0x17]
  let off = 0
  for (const type of types) {
    if (buf.length < off + 5) return undefined
    if (buf[off] !== type || buf[off + 1] !== 0x03 || buf[off + 2] !== 0x03) {
      throw new Error(`fake-TLS: unexpected record ${buf[off]?.toString(16)} in the server hello`)
    }
    off += 5 + ((buf[off + 3]! << 8) | buf[off + 4]!)
  }
  return buf.length < off ? undefined : off
}

/** Checks the ServerHello random against the client's digest. */
export function verifyServerHello(secret: Uint8Array, clientDigest: Uint8Array, answer: Uint8Array): boolean {
  const copy = Buffer.from(answer)
  const got = Buffer.from(copy.subarray(RANDOM_OFFSET, RANDOM_OFFSET + 32))
  copy.fill(0, RANDOM_OFFSET, RANDOM_OFFSET + 32)
  const want = createHmac('sha256', fakeTlsKey(secret)).update(clientDigest).update(copy).digest()
  return timingSafeEqual(got, want)
}

// ---- server side (used by the test MTProxy front) ----

/** Length of the ClientHello record at the start of `buf`, or undefined while incomplete. */
export function clientHelloLength(buf: Uint8Array): number | undefined {
  if (buf.length < 5) return undefined
  if (buf[0] !== 0x16 || buf[1] !== 0x03 || buf[2] !== 0x01)
    throw new Error('fake-TLS: not a TLS ClientHello')
  const len = 5 + ((buf[3]! << 8) | buf[4]!)
  return buf.length < len ? undefined : len
}

/** Verifies a ClientHello; returns the client digest and session id, or a reason. */
export function verifyClientHello(
  secret: Uint8Array,
  hello: Uint8Array,
  opts: { domain?: string; nowSeconds?: number; skewSeconds?: number } = {},
): { ok: true; digest: Buffer; sessionId: Buffer } | { ok: false; reason: string } {
  const copy = Buffer.from(hello)
  if (copy.length < 76 || copy[43] !== 32) return { ok: false, reason: 'malformed ClientHello' }
  const digest = Buffer.from(copy.subarray(RANDOM_OFFSET, RANDOM_OFFSET + 32))
  copy.fill(0, RANDOM_OFFSET, RANDOM_OFFSET + 32)
  const want = createHmac('sha256', fakeTlsKey(secret)).update(copy).digest()
  if (!timingSafeEqual(want.subarray(0, 28), digest.subarray(0, 28)))
    return { ok: false, reason: 'bad digest' }
  const time = (want.readUInt32LE(28) ^ digest.readUInt32LE(28)) >>> 0
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - time) > (opts.skewSeconds ?? 120)) return { ok: false, reason: 'timestamp out of range' }
  if (opts.domain !== undefined && !copy.includes(Buffer.from(opts.domain, 'ascii'))) {
    return { ok: false, reason: 'SNI does not match' }
  }
  return { ok: true, digest, sessionId: Buffer.from(copy.subarray(44, 76)) }
}

/** ServerHello + ChangeCipherSpec + ApplicationData, with the HMAC random filled in. */
export function buildServerHello(
  secret: Uint8Array,
  clientDigest: Uint8Array,
  sessionId: Uint8Array,
): Buffer {
  const exts = Buffer.concat([
    ext(0x0033, Buffer.concat([hex('001d0020'), randomBytes(32)])),
    ext(0x002b, hex('0304')),
  ])
  const body = Buffer.concat([
    hex('0303'),
    Buffer.alloc(32),
    hex('20'),
    sessionId,
    hex('130100'),
    u16(exts.length),
    exts,
  ])
  const handshake = Buffer.concat([hex('02'), u24(body.length), body])
  const data = randomBytes(1024 + randomBytes(1)[0]! * 8)
  const answer = Buffer.concat([
    hex('160303'),
    u16(handshake.length),
    handshake,
    hex('140303000101'),
    hex('170303'),
    u16(data.length),
    data,
  ])
  createHmac('sha256', fakeTlsKey(secret))
    .update(clientDigest)
    .update(answer)
    .digest()
    .copy(answer, RANDOM_OFFSET)
  return answer
}
