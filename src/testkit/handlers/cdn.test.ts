import { createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cdnPartIv } from '../../crypto/index.js'
import type { ClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import { MIB } from '../get-file-rules.js'
import { errorOf, fileOf, locationOf, mediaNamed, sessionOn } from './upload.test-helper.js'
import { uploadServices } from './upload-services.js'

describe('CDN downloads on the testkit cluster', () => {
  let cluster: TestkitCluster
  let dc2: ClientSession
  let cdn: ClientSession
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 7 })
    dc2 = await sessionOn(cluster, 2, cluster.world.accounts[0]!.userId)
    cdn = await sessionOn(cluster, 201)
  })
  afterAll(async () => {
    dc2.close()
    cdn.close()
    await cluster.close()
  })

  async function redirect(name: string) {
    const media = mediaNamed(cluster, name)
    const location = locationOf(cluster, media)
    const answer = await dc2.call({
      _: 'upload.getFile',
      location,
      offset: 0,
      limit: MIB,
      cdnSupported: true,
    })
    if (answer._ !== 'upload.fileCdnRedirect') throw new Error(`expected a redirect, got ${answer._}`)
    return { answer, file: fileOf(cluster, media), location }
  }

  const decrypt = (key: Uint8Array, iv: Uint8Array, offset: number, bytes: Uint8Array): Buffer =>
    createDecipheriv('aes-256-ctr', key, cdnPartIv(iv, offset)).update(bytes)

  it('redirects big public channels to DC 201, whose AES-CTR parts decrypt to the file', async () => {
    const { answer, file } = await redirect('archive.zip')
    expect(answer.dcId).toBe(201)
    expect(answer.encryptionKey).toHaveLength(32)
    expect(answer.encryptionIv).toHaveLength(16)
    expect(answer.fileHashes.length).toBe(8)
    const content = new SyntheticContent(file.id, file.size)
    const hash = createHash('sha256')
    for (let offset = 0; offset < file.size; offset += 512 * 1024) {
      const part = await cdn.call({
        _: 'upload.getCdnFile',
        fileToken: answer.fileToken,
        offset,
        limit: 512 * 1024,
      })
      if (part._ !== 'upload.cdnFile') throw new Error(part._)
      expect(Buffer.from(part.bytes).equals(content.read(offset, 512 * 1024))).toBe(false)
      hash.update(decrypt(answer.encryptionKey, answer.encryptionIv, offset, part.bytes))
    }
    expect(hash.digest('hex')).toBe(content.sha256())
    const again = await redirect('archive.zip')
    expect(Buffer.from(again.answer.encryptionKey).equals(answer.encryptionKey)).toBe(true)
  })

  it('does not redirect small channels, nor clients without cdn_supported', async () => {
    const notes = mediaNamed(cluster, 'notes.txt') // 1,000 subscribers, DC 3
    const dc3 = await sessionOn(cluster, 3, cluster.world.accounts[0]!.userId)
    const location = locationOf(cluster, notes)
    const direct = await dc3.call({
      _: 'upload.getFile',
      location,
      offset: 0,
      limit: 4096,
      cdnSupported: true,
    })
    expect(direct._).toBe('upload.file')
    dc3.close()
    const zip = locationOf(cluster, mediaNamed(cluster, 'archive.zip'))
    expect((await dc2.call({ _: 'upload.getFile', location: zip, offset: 0, limit: 4096 }))._).toBe(
      'upload.file',
    )
  })

  it('asks for a reupload of evicted parts, then serves them; hashes come from the master DC', async () => {
    const { answer, file } = await redirect('song.mp3')
    uploadServices(cluster.state).cdn.evict(file.id, MIB, 128 * 1024)
    const ask = () =>
      cdn.call({ _: 'upload.getCdnFile', fileToken: answer.fileToken, offset: MIB, limit: MIB })
    const first = await ask()
    if (first._ !== 'upload.cdnFileReuploadNeeded') throw new Error(first._)
    const { requestToken } = first
    expect(
      await errorOf(
        dc2.call({ _: 'upload.reuploadCdnFile', fileToken: answer.fileToken, requestToken: randomBytes(32) }),
      ),
    ).toBe('REQUEST_TOKEN_INVALID')
    const hashes = await dc2.call({ _: 'upload.reuploadCdnFile', fileToken: answer.fileToken, requestToken })
    expect(hashes.map((h) => h.offset)).toEqual([MIB])
    expect(
      await errorOf(dc2.call({ _: 'upload.reuploadCdnFile', fileToken: answer.fileToken, requestToken })),
    ).toBe('REQUEST_TOKEN_INVALID')
    const part = await ask()
    if (part._ !== 'upload.cdnFile') throw new Error(part._)
    const plain = decrypt(answer.encryptionKey, answer.encryptionIv, MIB, part.bytes)
    expect(plain.equals(new SyntheticContent(file.id, file.size).read(MIB, MIB))).toBe(true)
    const more = await dc2.call({ _: 'upload.getCdnFileHashes', fileToken: answer.fileToken, offset: MIB })
    expect(more).toHaveLength(8)
    for (const h of more) {
      const slice = plain.subarray(h.offset - MIB, h.offset - MIB + h.limit)
      expect(Buffer.from(h.hash).equals(createHash('sha256').update(slice).digest())).toBe(true)
    }
  })

  it('refuses unknown tokens, bad ranges and every other method on the CDN DC', async () => {
    const { answer } = await redirect('archive.zip')
    expect(
      await errorOf(cdn.call({ _: 'upload.getCdnFile', fileToken: randomBytes(32), offset: 0, limit: MIB })),
    ).toBe('FILE_TOKEN_INVALID')
    expect(
      await errorOf(
        cdn.call({ _: 'upload.getCdnFile', fileToken: answer.fileToken, offset: MIB - 4096, limit: 8192 }),
      ),
    ).toBe('LIMIT_INVALID')
    expect(await errorOf(cdn.call({ _: 'help.getNearestDc' }))).toBe('CDN_METHOD_INVALID')
    expect(await errorOf(cdn.call({ _: 'help.getConfig' }))).toBe('CDN_METHOD_INVALID')
    expect(
      await errorOf(dc2.call({ _: 'upload.getCdnFileHashes', fileToken: randomBytes(32), offset: 0 })),
    ).toBe('FILE_TOKEN_INVALID')
  })
})
