// Telegram Desktop tdata folders (multi-account storage, tdesktop 2.x and later):
//   tdata/key_datas        salt(32) | keyEncrypted | infoEncrypted          (storage/storage_domain.cpp)
//     keyEncrypted  -> local key (256 bytes), under the passcode key
//     infoEncrypted -> int32 count | count × int32 account index | [int32 active index]
//   tdata/<ToFilePart(md5("data" or "data#N"))>s   one per account       (storage/storage_account.cpp)
//     encrypted under the local key: u32 dbiMtpAuthorization (0x4b) | QByteArray authorization
//   authorization (main/main_account.cpp, setMtpAuthorization):
//     [u64 0xFFFF…FF] u64 userId | int32 mainDcId   (old: int32 userId | int32 mainDcId)
//     int32 n | n × (int32 dcId | 256-byte key)  — then the keys to destroy, ignored here

import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  ByteReader,
  checkAuthKey,
  checkDcId,
  checkUserId,
  type ImportedSession,
  SessionImportError,
} from './common.js'
import { dataNameKey, decryptLocal, deriveLocalKey, readTdfFile, toFilePart } from './tdata-files.js'

const FORMAT = 'tdata'
const SALT_SIZE = 32
const DBI_MTP_AUTHORIZATION = 0x4b
/** tdesktop allows 3 accounts (6 with Premium); leave room for more, refuse absurd counts */
const MAX_ACCOUNTS = 100
const KEY_ENTRY = 4 + 256

export interface TdataAccount extends ImportedSession {
  /** tdesktop's account index (0 = the first account, file "data") */
  index: number
}

export interface TdataContents {
  accounts: TdataAccount[]
  /** index of the account tdesktop had active */
  activeIndex: number
  /** accounts listed in key_datas whose data could not be read, with the reason */
  unreadable: Array<{ index: number; reason: string }>
}

/** The folder holding key_datas: `path` itself or `path/tdata`. */
export function resolveTdataDir(path: string): string | undefined {
  for (const dir of [path, join(path, 'tdata')]) {
    try {
      if (!statSync(dir).isDirectory()) continue
    } catch {
      continue
    }
    if (['s', '0', '1'].some((s) => existsSync(join(dir, `key_data${s}`)))) return dir
  }
  return undefined
}

function accountDataName(index: number): string {
  return index > 0 ? `data#${index + 1}` : 'data'
}

/** Parses the serialized MTP authorization of one account. */
export function parseMtpAuthorization(data: Uint8Array, index: number): TdataAccount {
  const r = new ByteReader(FORMAT, data, `account ${index} authorization`)
  const legacyUser = r.i32()
  const legacyDc = r.i32()
  let userId: bigint
  let mainDc: number
  if (legacyUser === -1 && legacyDc === -1) {
    userId = r.u64()
    mainDc = r.i32()
  } else {
    userId = BigInt(legacyUser)
    mainDc = legacyDc
  }
  const count = r.i32()
  if (count < 0 || count * KEY_ENTRY > r.remaining)
    throw new SessionImportError(FORMAT, `account ${index}: key count ${count} does not fit the data`)
  const keys: Array<{ dcId: number; authKey: Uint8Array }> = []
  for (let i = 0; i < count; i++) {
    const dcId = checkDcId(FORMAT, r.i32())
    const authKey = checkAuthKey(FORMAT, r.bytes(256), `account ${index} key for DC ${dcId}`)
    if (keys.some((k) => k.dcId === dcId))
      throw new SessionImportError(FORMAT, `account ${index}: two keys for DC ${dcId}`)
    keys.push({ dcId, authKey })
  }
  const uid = checkUserId(FORMAT, userId)
  if (uid === undefined)
    throw new SessionImportError(FORMAT, `account ${index} is not logged in (no user id)`, 'not-logged-in')
  const dcId = checkDcId(FORMAT, mainDc)
  const home = keys.find((k) => k.dcId === dcId)
  if (!home)
    throw new SessionImportError(
      FORMAT,
      `account ${index} has no key for its main DC ${dcId}`,
      'not-logged-in',
    )
  const extraKeys = keys.filter((k) => k !== home)
  return { index, dcId, authKey: home.authKey, userId: uid, isBot: false, extraKeys }
}

function readAccount(dir: string, index: number, localKey: Uint8Array): TdataAccount {
  const name = toFilePart(dataNameKey(accountDataName(index)))
  const file = readTdfFile(dir, name)
  if (!file) throw new SessionImportError(FORMAT, `account ${index}: no data file ${name}s`, 'not-found')
  const outer = new ByteReader(FORMAT, file.payload, `account ${index} data file`)
  const plain = decryptLocal(outer.qByteArray(), localKey, `account ${index} data file`)
  if (!plain)
    throw new SessionImportError(FORMAT, `account ${index}: data file does not decrypt with the local key`)
  const r = new ByteReader(FORMAT, plain, `account ${index} settings`)
  if (r.atEnd)
    throw new SessionImportError(
      FORMAT,
      `account ${index}: data file holds no authorization`,
      'not-logged-in',
    )
  const block = r.u32()
  // each block has its own layout, so an unknown one cannot be skipped; tdesktop writes only this one here
  if (block !== DBI_MTP_AUTHORIZATION)
    throw new SessionImportError(
      FORMAT,
      `account ${index}: unsupported block 0x${block.toString(16)}`,
      'unsupported',
    )
  return parseMtpAuthorization(r.qByteArray(), index)
}

/** Every readable account of a tdata folder. */
export async function readTdata(path: string, passcode = ''): Promise<TdataContents> {
  const dir = resolveTdataDir(path)
  if (!dir)
    throw new SessionImportError(
      FORMAT,
      `no key_datas in ${path} or ${join(path, 'tdata')} (older single-account tdata is not supported)`,
      'not-found',
    )
  const keyFile = readTdfFile(dir, 'key_data')
  if (!keyFile) throw new SessionImportError(FORMAT, `no key_datas in ${dir}`, 'not-found')
  const r = new ByteReader(FORMAT, keyFile.payload, 'key_datas')
  const salt = r.qByteArray()
  const keyEncrypted = r.qByteArray()
  const infoEncrypted = r.qByteArray()
  if (salt.length !== SALT_SIZE)
    throw new SessionImportError(FORMAT, `key_datas salt is ${salt.length} bytes, expected ${SALT_SIZE}`)
  const passcodeKey = await deriveLocalKey(passcode, salt)
  const keyPlain = decryptLocal(keyEncrypted, passcodeKey, 'key_datas local key')
  if (!keyPlain)
    throw passcode
      ? new SessionImportError(FORMAT, 'wrong local passcode', 'wrong-passcode')
      : new SessionImportError(
          FORMAT,
          'protected by a local passcode: give the passcode',
          'passcode-required',
        )
  if (keyPlain.length !== 256)
    throw new SessionImportError(FORMAT, `local key is ${keyPlain.length} bytes, expected 256`)
  const localKey = keyPlain
  const info = decryptLocal(infoEncrypted, localKey, 'key_datas account list')
  if (!info) throw new SessionImportError(FORMAT, 'account list does not decrypt with the local key')
  const ir = new ByteReader(FORMAT, info, 'account list')
  const count = ir.i32()
  if (count <= 0 || count > MAX_ACCOUNTS)
    throw new SessionImportError(FORMAT, `account count ${count} is out of range (1-${MAX_ACCOUNTS})`)
  const indexes: number[] = []
  for (let i = 0; i < count; i++) {
    const index = ir.i32()
    if (index >= 0 && index < MAX_ACCOUNTS && !indexes.includes(index)) indexes.push(index)
  }
  const activeIndex = ir.remaining >= 4 ? ir.i32() : (indexes[0] ?? 0)
  const accounts: TdataAccount[] = []
  const unreadable: TdataContents['unreadable'] = []
  for (const index of indexes) {
    try {
      accounts.push(readAccount(dir, index, localKey))
    } catch (e) {
      if (!(e instanceof SessionImportError)) throw e
      unreadable.push({ index, reason: e.reason })
    }
  }
  return { accounts, activeIndex, unreadable }
}

/** The active account of a tdata folder (or the first readable one when the active one is not). */
export async function parseTdata(path: string, passcode = ''): Promise<ImportedSession> {
  const { accounts, activeIndex, unreadable } = await readTdata(path, passcode)
  const activeProblem = unreadable.find((u) => u.index === activeIndex)
  if (activeProblem)
    throw new SessionImportError(FORMAT, `the active account ${activeIndex}: ${activeProblem.reason}`)
  const pick = accounts.find((a) => a.index === activeIndex) ?? accounts[0]
  if (!pick) {
    const why = unreadable.map((u) => `account ${u.index}: ${u.reason}`).join('; ')
    throw new SessionImportError(FORMAT, `no account could be read (${why || 'none listed'})`)
  }
  const { index: _index, ...session } = pick
  return session
}
