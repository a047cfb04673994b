import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { igeEncrypt } from '../../crypto/index.js'
import { mutateBytes, parsesOrRefuses, seededRandom } from './fuzz.test-helper.js'
import { parseMtpAuthorization, parseTdata, readTdata } from './tdata.js'

// A tdata folder written the way tdesktop writes one (storage_file_utilities.cpp,
// storage_domain.cpp, storage_account.cpp, main_account.cpp), independently of the reader.

const sha1 = (...p: Buffer[]) => createHash('sha1').update(Buffer.concat(p)).digest()
const md5 = (...p: Buffer[]) => createHash('md5').update(Buffer.concat(p)).digest()
const i32be = (n: number) => Buffer.from(new Uint8Array(new Int32Array([n]).buffer).reverse())
const u32le = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
const qba = (b: Buffer) => Buffer.concat([i32be(b.length), b])

/** FileWriteDescriptor: 'TDF$' | version | payload | md5(payload | size | version | 'TDF$') */
function tdf(payload: Buffer, version = 5_004_001): Buffer {
  const v = Buffer.alloc(4)
  v.writeInt32LE(version)
  const magic = Buffer.from('TDF$')
  return Buffer.concat([magic, v, payload, md5(payload, u32le(payload.length), v, magic)])
}

/** PrepareEncrypted with aesEncryptLocal (prepareAES_oldmtp, x = 8) */
function encryptLocal(data: Buffer, authKey: Buffer): Buffer {
  const size = 4 + data.length
  const full = Math.ceil(size / 16) * 16
  const plain = Buffer.concat([u32le(size), data, randomBytes(full - size)])
  const msgKey = sha1(plain).subarray(0, 16)
  const k = (from: number, to: number) => authKey.subarray(from + 8, to + 8)
  const a = sha1(msgKey, k(0, 32))
  const b = sha1(k(32, 48), msgKey, k(48, 64))
  const c = sha1(k(64, 96), msgKey)
  const d = sha1(msgKey, k(96, 128))
  const key = Buffer.concat([a.subarray(0, 8), b.subarray(8, 20), c.subarray(4, 16)])
  const iv = Buffer.concat([a.subarray(8, 20), b.subarray(0, 8), c.subarray(16, 20), d.subarray(0, 8)])
  return Buffer.concat([msgKey, igeEncrypt(plain, key, iv)])
}

/** CreateLocalKey */
function passcodeKey(passcode: string, salt: Buffer): Buffer {
  const hash = createHash('sha512')
    .update(Buffer.concat([salt, Buffer.from(passcode), salt]))
    .digest()
  return pbkdf2Sync(hash, salt, passcode ? 100_000 : 1, 256, 'sha512')
}

/** ComputeDataNameKey + ToFilePart: md5's first 8 bytes as a little-endian u64, low nibble first */
function fileName(index: number): string {
  const h = md5(Buffer.from(index > 0 ? `data#${index + 1}` : 'data')).subarray(0, 8)
  return [...h].map((b) => ((b & 15).toString(16) + (b >> 4).toString(16)).toUpperCase()).join('')
}

interface AccountSpec {
  index: number
  userId: number
  mainDc: number
  keys: Array<[number, Buffer]>
  legacyIds?: boolean
}

function authorization(a: AccountSpec): Buffer {
  const ids = a.legacyIds
    ? [i32be(a.userId), i32be(a.mainDc)]
    : [
        i32be(-1),
        i32be(-1),
        Buffer.from(BigInt(a.userId).toString(16).padStart(16, '0'), 'hex'),
        i32be(a.mainDc),
      ]
  const keys = a.keys.flatMap(([dc, key]) => [i32be(dc), key])
  return Buffer.concat([...ids, i32be(a.keys.length), ...keys, i32be(0)])
}

function buildTdata(root: string, accounts: AccountSpec[], active: number, passcode = ''): string {
  const dir = join(root, 'tdata')
  mkdirSync(dir, { recursive: true })
  const salt = randomBytes(32)
  const localKey = randomBytes(256)
  const info = Buffer.concat([i32be(accounts.length), ...accounts.map((a) => i32be(a.index)), i32be(active)])
  const payload = Buffer.concat([
    qba(salt),
    qba(encryptLocal(localKey, passcodeKey(passcode, salt))),
    qba(encryptLocal(info, localKey)),
  ])
  writeFileSync(join(dir, 'key_datas'), tdf(payload))
  for (const a of accounts) {
    const mtp = Buffer.concat([i32be(0x4b), qba(authorization(a))]) // u32 dbiMtpAuthorization | QByteArray
    writeFileSync(join(dir, `${fileName(a.index)}s`), tdf(qba(encryptLocal(mtp, localKey))))
  }
  return dir
}

const keys = { dc1: randomBytes(256), dc2: randomBytes(256), dc4: randomBytes(256), dc5: randomBytes(256) }
const fresh = () => mkdtempSync(join(tmpdir(), 'tgfetch-tdata-'))

describe('Telegram Desktop tdata', () => {
  it('reads the active account of a folder without a passcode, with the keys of every DC', async () => {
    const root = fresh()
    buildTdata(
      root,
      [
        {
          index: 0,
          userId: 111,
          mainDc: 2,
          keys: [
            [2, keys.dc2],
            [4, keys.dc4],
          ],
        },
        {
          index: 1,
          userId: 6_000_000_222,
          mainDc: 5,
          keys: [
            [1, keys.dc1],
            [5, keys.dc5],
          ],
        },
      ],
      1,
    )
    const got = await parseTdata(root)
    expect(got).toMatchObject({ dcId: 5, userId: 6_000_000_222, isBot: false })
    expect(Buffer.from(got.authKey).equals(keys.dc5)).toBe(true)
    expect(got.extraKeys?.map((k) => k.dcId)).toEqual([1])
    expect(Buffer.from(got.extraKeys![0]!.authKey).equals(keys.dc1)).toBe(true)
    const all = await readTdata(join(root, 'tdata'))
    expect(all.accounts.map((a) => [a.index, a.userId, a.dcId])).toEqual([
      [0, 111, 2],
      [1, 6_000_000_222, 5],
    ])
    expect(all.activeIndex).toBe(1)
  })

  it('reads a passcode-protected folder only with the right passcode', async () => {
    const root = fresh()
    buildTdata(root, [{ index: 0, userId: 42, mainDc: 4, keys: [[4, keys.dc4]], legacyIds: true }], 0, 'päss')
    await expect(parseTdata(root)).rejects.toMatchObject({ code: 'passcode-required' })
    await expect(parseTdata(root, 'wrong')).rejects.toThrow(/tdata session: wrong local passcode/)
    const got = await parseTdata(root, 'päss')
    expect(got).toMatchObject({ dcId: 4, userId: 42 })
    expect(Buffer.from(got.authKey).equals(keys.dc4)).toBe(true)
  })

  it('refuses missing folders, logged-out accounts and broken files with reasons', async () => {
    await expect(parseTdata(fresh())).rejects.toMatchObject({ code: 'not-found' })
    const root = fresh()
    buildTdata(root, [{ index: 0, userId: 0, mainDc: 2, keys: [] }], 0)
    await expect(parseTdata(root)).rejects.toThrow(/not logged in/)
    const noKey = fresh()
    buildTdata(noKey, [{ index: 0, userId: 5, mainDc: 2, keys: [[4, keys.dc4]] }], 0)
    await expect(parseTdata(noKey)).rejects.toThrow(/no key for its main DC 2/)
    const gone = fresh()
    const dir = buildTdata(gone, [{ index: 0, userId: 5, mainDc: 2, keys: [[2, keys.dc2]] }], 0)
    rmSync(join(dir, `${fileName(0)}s`))
    await expect(parseTdata(gone)).rejects.toThrow(/no data file/)
    const badSig = fresh()
    const d2 = buildTdata(badSig, [{ index: 0, userId: 5, mainDc: 2, keys: [[2, keys.dc2]] }], 0)
    const kd = readFileSync(join(d2, 'key_datas'))
    kd[20]! ^= 1
    writeFileSync(join(d2, 'key_datas'), kd)
    await expect(parseTdata(badSig)).rejects.toThrow(/md5 signature does not match/)
  })

  it('survives fuzzing of key_datas and account files, signed and unsigned', async () => {
    const rand = seededRandom(0x7da7a)
    const root = fresh()
    const dir = buildTdata(
      root,
      [
        {
          index: 0,
          userId: 9,
          mainDc: 2,
          keys: [
            [2, keys.dc2],
            [1, keys.dc1],
          ],
        },
      ],
      0,
    )
    const files = ['key_datas', `${fileName(0)}s`]
    const originals = files.map((f) => new Uint8Array(readFileSync(join(dir, f))))
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 240; i++) {
      const which = i % 2
      let bytes = mutateBytes(originals[which]!, rand)
      // re-sign two thirds so mutations reach the QDataStream and crypto layers behind the md5 check
      if (i % 3 !== 0 && bytes.length >= 24) bytes = tdf(Buffer.from(bytes.subarray(8, bytes.length - 16)))
      writeFileSync(join(dir, files[which]!), bytes)
      outcomes[await parsesOrRefuses('tdata', () => parseTdata(root))]++
      writeFileSync(join(dir, files[which]!), originals[which]!)
    }
    expect(outcomes.refused).toBeGreaterThan(100)
    expect(outcomes.parsed).toBeGreaterThan(0)
  })
  it('survives fuzzing of the decrypted authorization block (behind the encryption)', async () => {
    const rand = seededRandom(0xa17)
    const good = authorization({
      index: 0,
      userId: 77,
      mainDc: 2,
      keys: [
        [2, keys.dc2],
        [4, keys.dc4],
      ],
    })
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 2000; i++) {
      const input = mutateBytes(good, rand)
      outcomes[await parsesOrRefuses('tdata', () => parseMtpAuthorization(input, 0))]++
    }
    expect(outcomes.refused).toBeGreaterThan(200)
    expect(outcomes.parsed).toBeGreaterThan(50)
  })
})
