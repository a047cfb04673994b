import type { tl } from '@mtcute/tl'
import { describe, expect, it } from 'vitest'
import { FileReferences } from '../cluster/file-references.js'
import { generateWorld } from '../world/generate.js'
import type { MediaKind, WorldMedia } from '../world/types.js'
import { WorldIndex } from '../world/world-index.js'
import { toTlMedia } from './media.js'

const world = generateWorld({ seed: 3, largeFileSize: 8 * 1024 * 1024 })
const ctx = { index: new WorldIndex(world), fileReferences: new FileReferences(3600, Date.now) }
const big = world.channels.find((c) => c.username === 'tgfetch_media')!
const mediaOf = (kind: MediaKind): WorldMedia => big.messages.find((m) => m.media?.kind === kind)!.media!

function documentOf(kind: MediaKind): { media: tl.RawMessageMediaDocument; doc: tl.RawDocument } {
  const media = toTlMedia(ctx, mediaOf(kind), 100)
  expect(media._).toBe('messageMediaDocument')
  const m = media as tl.RawMessageMediaDocument
  expect(m.document?._).toBe('document')
  return { media: m, doc: m.document as tl.RawDocument }
}
const attr = <N extends tl.TypeDocumentAttribute['_']>(doc: tl.RawDocument, name: N) =>
  doc.attributes.find((a) => a._ === name) as Extract<tl.TypeDocumentAttribute, { _: N }> | undefined

describe('world media → TL', () => {
  it('photo: photoSizes up to y, with sizes from the files, dc and a file reference', () => {
    const source = mediaOf('photo')
    const media = toTlMedia(ctx, source, 100) as tl.RawMessageMediaPhoto
    const photo = media.photo as tl.RawPhoto
    expect(photo._).toBe('photo')
    expect(photo.id.toString()).toBe(source.id)
    expect(photo.accessHash.toString()).toBe(source.accessHash)
    expect(photo.dcId).toBe(2)
    const sizes = photo.sizes as tl.RawPhotoSize[]
    expect(sizes.map((s) => s.type)).toEqual(['s', 'm', 'x', 'y'])
    expect(sizes.at(-1)).toMatchObject({ _: 'photoSize', w: 1280, h: 853 })
    expect(sizes.at(-1)?.size).toBe(ctx.index.file(source.sizes!.at(-1)!.fileId)!.size)
    expect(ctx.fileReferences.check(source.id, photo.fileReference)).toBe('ok')
  })

  it('video: video flag, streaming video attribute, file name, size from the file', () => {
    const { media, doc } = documentOf('video')
    expect(media.video).toBe(true)
    expect(media.round).toBeUndefined()
    expect(attr(doc, 'documentAttributeVideo')).toMatchObject({
      w: 1280,
      h: 720,
      duration: 60,
      supportsStreaming: true,
    })
    expect(attr(doc, 'documentAttributeVideo')?.roundMessage).toBeUndefined()
    expect(attr(doc, 'documentAttributeFilename')?.fileName).toBe('big-video.mp4')
    expect(doc.size).toBe(8 * 1024 * 1024)
    expect(doc.mimeType).toBe('video/mp4')
  })

  it('round: round flag and roundMessage attribute, no file name', () => {
    const { media, doc } = documentOf('round')
    expect(media.round).toBe(true)
    expect(attr(doc, 'documentAttributeVideo')?.roundMessage).toBe(true)
    expect(attr(doc, 'documentAttributeFilename')).toBeUndefined()
  })

  it('voice: voice flag and a voice audio attribute', () => {
    const { media, doc } = documentOf('voice')
    expect(media.voice).toBe(true)
    expect(attr(doc, 'documentAttributeAudio')).toMatchObject({ voice: true, duration: 30 })
  })

  it('audio: an audio attribute without the voice flag, with the file name', () => {
    const { media, doc } = documentOf('audio')
    expect(media.voice).toBeUndefined()
    expect(attr(doc, 'documentAttributeAudio')?.voice).toBeUndefined()
    expect(attr(doc, 'documentAttributeFilename')?.fileName).toBe('song.mp3')
  })

  it('sticker: sticker and image size attributes', () => {
    const { doc } = documentOf('sticker')
    expect(attr(doc, 'documentAttributeSticker')?.stickerset).toEqual({ _: 'inputStickerSetEmpty' })
    expect(attr(doc, 'documentAttributeImageSize')).toMatchObject({ w: 512, h: 512 })
  })

  it('document: file name only, on the DC the world puts it', () => {
    const pdf = big.messages.find((m) => m.media?.name === 'report-on-dc4.pdf')!.media!
    const doc = (toTlMedia(ctx, pdf, 1) as tl.RawMessageMediaDocument).document as tl.RawDocument
    expect(doc.dcId).toBe(4)
    expect(doc.attributes).toEqual([{ _: 'documentAttributeFilename', fileName: 'report-on-dc4.pdf' }])
  })

  it('issues a new file reference on every conversion', () => {
    const a = documentOf('document').doc.fileReference
    const b = documentOf('document').doc.fileReference
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
  })
})
