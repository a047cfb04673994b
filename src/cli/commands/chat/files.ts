import type { MediaItem } from '../../../media/media-item.js'
import type { ChatRef } from '../../../media/open-chat.js'
import type { PlannedFile } from '../../download-run.js'
import { fileNameFor } from '../../file-names.js'
import { nameFieldsFor, renderName } from '../../name-template.js'

/**
 * Where each item of a chat goes inside the output folder: `template` filled with its
 * fields (falling back to `fileNameFor`); runDownloads keeps each inside the folder.
 */
export function plannedFiles(items: readonly MediaItem[], chat: ChatRef, template: string): PlannedFile[] {
  const where = { label: chat.label, id: chat.channel.channelId }
  return items.map((item) => {
    const relativePath = renderName(template, nameFieldsFor(item, where), fileNameFor(item, chat.label))
    return { item, relativePath }
  })
}
