import type { tl } from '@mtcute/tl'
import Long from 'long'
import type { WorldMedia } from '../world/types.js'
import type { ConvertContext } from './context.js'

/**
 * A world media item as Telegram sends it inside a message. Every call issues
 * a fresh file reference: fetching the message again is how a client renews one.
 */
export function toTlMedia(ctx: ConvertContext, media: WorldMedia, date: number): tl.TypeMessageMedia {
  const fileReference = ctx.fileReferences.issue(media.id)
  const id = Long.fromString(media.id)
  const accessHash = Long.fromString(media.accessHash)
  if (media.kind === 'photo') {
    const photo: tl.RawPhoto = {
      _: 'photo',
      id,
      accessHash,
      fileReference,
      date,
      dcId: media.dc,
      sizes: (media.sizes ?? []).map((s) => ({
        _: 'photoSize',
        type: s.type,
        w: s.w,
        h: s.h,
        size: fileSize(ctx, s.fileId),
      })),
    }
    return { _: 'messageMediaPhoto', photo }
  }
  const document: tl.RawDocument = {
    _: 'document',
    id,
    accessHash,
    fileReference,
    date,
    mimeType: media.mime,
    size: fileSize(ctx, media.fileId),
    dcId: media.dc,
    attributes: documentAttributes(media),
  }
  return {
    _: 'messageMediaDocument',
    document,
    video: media.kind === 'video' || media.kind === 'round' ? true : undefined,
    round: media.kind === 'round' ? true : undefined,
    voice: media.kind === 'voice' ? true : undefined,
  }
}

/** Telegram's attributes per kind: what clients read to tell a voice note from a song. */
export function documentAttributes(media: WorldMedia): tl.TypeDocumentAttribute[] {
  const attrs: tl.TypeDocumentAttribute[] = []
  const w = media.w ?? 0
  const h = media.h ?? 0
  const duration = media.duration ?? 0
  switch (media.kind) {
    case 'video':
    case 'round':
      attrs.push({
        _: 'documentAttributeVideo',
        roundMessage: media.kind === 'round' ? true : undefined,
        supportsStreaming: true,
        duration,
        w,
        h,
      })
      break
    case 'voice':
      attrs.push({ _: 'documentAttributeAudio', voice: true, duration })
      break
    case 'audio':
      attrs.push({ _: 'documentAttributeAudio', duration, title: media.name, performer: 'tgfetch' })
      break
    case 'sticker':
      attrs.push(
        { _: 'documentAttributeImageSize', w: media.w ?? 512, h: media.h ?? 512 },
        { _: 'documentAttributeSticker', alt: '', stickerset: { _: 'inputStickerSetEmpty' } },
      )
      break
    default:
      if (media.w !== undefined && media.h !== undefined && media.mime.startsWith('image/'))
        attrs.push({ _: 'documentAttributeImageSize', w, h })
  }
  // voice notes and round videos are recorded, not files: Telegram gives them no name
  if (media.name && media.kind !== 'voice' && media.kind !== 'round')
    attrs.push({ _: 'documentAttributeFilename', fileName: media.name })
  return attrs
}

function fileSize(ctx: ConvertContext, fileId: string | undefined): number {
  const file = fileId === undefined ? undefined : ctx.index.file(fileId)
  if (!file) throw new Error(`world: media refers to missing file ${fileId}`)
  return file.size
}
