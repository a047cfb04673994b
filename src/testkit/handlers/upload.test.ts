import { createHash, randomBytes } from 'node:crypto'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import { MIB } from '../get-file-rules.js'
import { errorOf, fileOf, firstPhoto, locationOf, mediaNamed, sessionOn } from './upload.test-helper.js'

describe('upload.getFile on the testkit cluster', () => {
  let cluster: TestkitCluster
  let dc2: ClientSession
  let userId: number
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 7 })
    userId = cluster.world.accounts[0]!.userId
    dc2 = await sessionOn(cluster, 2, userId)
  })
  afterAll(async () => {
    dc2.close()
    await cluster.close()
  })

  const getFile = (location: ReturnType<typeof locationOf>, offset: number, limit: number, precise = false) =>
    dc2.call({ _: 'upload.getFile', location, offset, limit, precise })

  async function download(
    location: ReturnType<typeof locationOf>,
    size: number,
    part: number,
  ): Promise<string> {
    const hash = createHash('sha256')
    for (let offset = 0; offset < size; offset += part) {
      const answer = await getFile(location, offset, part)
      if (answer._ !== 'upload.file') throw new Error(answer._)
      expect(answer.type._).toBe('storage.filePartial')
      expect(answer.bytes.length).toBe(Math.min(part, size - offset))
      hash.update(answer.bytes)
    }
    return hash.digest('hex')
  }

  it('serves the 4 MiB zip in 1 MiB and in 512 KiB parts, byte for byte', async () => {
    const zip = mediaNamed(cluster, 'archive.zip')
    const file = fileOf(cluster, zip)
    const expected = new SyntheticContent(file.id, file.size).sha256()
    const location = locationOf(cluster, zip)
    expect(await download(location, file.size, MIB)).toBe(expected)
    expect(await download(location, file.size, 512 * 1024)).toBe(expected)
  })

  it('honours precise 1024-aligned ranges and answers no bytes past the end', async () => {
    const zip = mediaNamed(cluster, 'archive.zip')
    const file = fileOf(cluster, zip)
    const location = locationOf(cluster, zip)
    const answer = await getFile(location, 5 * 1024, 3 * 1024, true)
    if (answer._ !== 'upload.file') throw new Error(answer._)
    expect(
      Buffer.from(answer.bytes).equals(new SyntheticContent(file.id, file.size).read(5 * 1024, 3 * 1024)),
    ).toBe(true)
    const past = await getFile(location, 8 * MIB, 4096)
    expect(past._ === 'upload.file' && past.bytes.length).toBe(0)
  })

  it('refuses bad ranges like Telegram (LIMIT_INVALID, OFFSET_INVALID, 1 MiB borders)', async () => {
    const location = locationOf(cluster, mediaNamed(cluster, 'archive.zip'))
    expect(await errorOf(getFile(location, 1024, 4096))).toBe('OFFSET_INVALID')
    expect(await errorOf(getFile(location, 0, 12 * 1024))).toBe('LIMIT_INVALID')
    expect(await errorOf(getFile(location, MIB - 4096, 8192))).toBe('LIMIT_INVALID')
    expect(await errorOf(getFile(location, MIB - 1024, 2048, true))).toBe('LIMIT_INVALID')
  })

  it('sends a file stored on DC 4 there with FILE_MIGRATE_4, and DC 4 serves it', async () => {
    const pdf = mediaNamed(cluster, 'report-on-dc4.pdf')
    const location = locationOf(cluster, pdf)
    expect(await errorOf(getFile(location, 0, MIB))).toBe('FILE_MIGRATE_4')
    const dc4 = await sessionOn(cluster, 4, userId)
    const answer = await dc4.call({ _: 'upload.getFile', location, offset: MIB, limit: MIB })
    const file = fileOf(cluster, pdf)
    expect(
      answer._ === 'upload.file' &&
        Buffer.from(answer.bytes).equals(new SyntheticContent(file.id, file.size).read(MIB, MIB)),
    ).toBe(true)
    dc4.close()
  })

  it('checks the login, the location and the file reference', async () => {
    const zip = mediaNamed(cluster, 'archive.zip')
    const anonymous = await sessionOn(cluster, 2)
    const location = locationOf(cluster, zip)
    expect(await errorOf(anonymous.call({ _: 'upload.getFile', location, offset: 0, limit: 4096 }))).toBe(
      'AUTH_KEY_UNREGISTERED',
    )
    anonymous.close()
    expect(await errorOf(getFile({ ...location, accessHash: Long.fromInt(5) }, 0, 4096))).toBe(
      'LOCATION_INVALID',
    )
    expect(await errorOf(getFile({ ...location, id: Long.fromInt(5) }, 0, 4096))).toBe('LOCATION_INVALID')
    expect(await errorOf(getFile({ ...location, thumbSize: 'm' }, 0, 4096))).toBe('LOCATION_INVALID')
    expect(await errorOf(getFile(locationOf(cluster, zip, '', randomBytes(16)), 0, 4096))).toBe(
      'FILE_REFERENCE_INVALID',
    )
    expect(await errorOf(getFile(locationOf(cluster, zip, '', new Uint8Array(0)), 0, 4096))).toBe(
      'FILE_REFERENCE_EMPTY',
    )
    // a reference issued for another media item is no reference for this one
    const other = cluster.state.fileReferences.issue(mediaNamed(cluster, 'voice.ogg').id)
    expect(await errorOf(getFile(locationOf(cluster, zip, '', other), 0, 4096))).toBe(
      'FILE_REFERENCE_INVALID',
    )
  })

  it('keeps a private channel private to its members', async () => {
    const secret = mediaNamed(cluster, 'secret.bin')
    const location = locationOf(cluster, secret)
    expect(await errorOf(getFile(location, 0, 4096))).toBe('CHANNEL_PRIVATE')
    const member = await sessionOn(cluster, 2, cluster.world.accounts[1]!.userId)
    const answer = await member.call({ _: 'upload.getFile', location, offset: 0, limit: 4096 })
    expect(answer._ === 'upload.file' && answer.bytes.length).toBe(4096)
    member.close()
  })

  it('serves each photo size by its thumb_size, as JPEG', async () => {
    const photo = firstPhoto(cluster)
    for (const { type } of photo.sizes ?? []) {
      const file = fileOf(cluster, photo, type)
      const answer = await getFile(locationOf(cluster, photo, type), 0, MIB)
      if (answer._ !== 'upload.file') throw new Error(answer._)
      expect(answer.type._).toBe('storage.fileJpeg')
      expect(Buffer.from(answer.bytes).equals(new SyntheticContent(file.id, file.size).read(0, MIB))).toBe(
        true,
      )
    }
    expect(await errorOf(getFile(locationOf(cluster, photo, 'q'), 0, 4096))).toBe('LOCATION_INVALID')
  })

  it('answers SHA-256 hashes of 128 KiB ranges that match the parts', async () => {
    const zip = mediaNamed(cluster, 'archive.zip')
    const file = fileOf(cluster, zip)
    const content = new SyntheticContent(file.id, file.size)
    const location = locationOf(cluster, zip)
    const first = await dc2.call({ _: 'upload.getFileHashes', location, offset: 0 })
    expect(first.map((h) => h.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => i * 131072))
    const tail = await dc2.call({ _: 'upload.getFileHashes', location, offset: 4 * MIB })
    expect(tail).toHaveLength(1)
    expect(tail[0]!.limit).toBe(file.size - 4 * MIB)
    for (const h of [...first, ...tail]) {
      const sha = createHash('sha256').update(content.read(h.offset, h.limit)).digest()
      expect(Buffer.from(h.hash).equals(sha)).toBe(true)
    }
  })

  it('expires every file reference handed out on expireAll', async () => {
    const zip = mediaNamed(cluster, 'archive.zip')
    const location = locationOf(cluster, zip)
    cluster.state.fileReferences.expireAll()
    expect(await errorOf(getFile(location, 0, 4096))).toBe('FILE_REFERENCE_EXPIRED')
    await new Promise((r) => setTimeout(r, 5))
    const fresh = await getFile(locationOf(cluster, zip), 0, 4096)
    expect(fresh._).toBe('upload.file')
  })
})
