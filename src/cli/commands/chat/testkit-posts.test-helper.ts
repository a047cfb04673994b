/** New posts for a running testkit (TestkitState.postMessage), with the SHA-256 their files will have. */
import { SyntheticContent } from '../../../testkit/content/synthetic-content.js'
import type { DcId, WorldFile, WorldMessage } from '../../../testkit/world/types.js'

export interface NewPost {
  post: Omit<WorldMessage, 'id' | 'date'>
  files: WorldFile[]
  sha256: string
}

let next = 0
const unique = (): number => 9_100_000 + ++next

/** A post carrying a document named `name` of `size` bytes stored on `dc`. */
export function documentPost(name: string, size: number, dc: DcId): NewPost {
  const n = unique()
  const file: WorldFile = { id: `posted${n}`, size, dc }
  return {
    post: {
      text: `new ${name}`,
      media: {
        kind: 'document',
        id: String(n),
        accessHash: String(n * 7),
        dc,
        fileId: file.id,
        mime: 'application/octet-stream',
        name,
      },
    },
    files: [file],
    sha256: new SyntheticContent(file.id, file.size).sha256(),
  }
}

/** A post carrying a photo (one size, `size` bytes) stored on `dc`. */
export function photoPost(size: number, dc: DcId): NewPost {
  const n = unique()
  const file: WorldFile = { id: `posted${n}`, size, dc }
  return {
    post: {
      text: 'new photo',
      media: {
        kind: 'photo',
        id: String(n),
        accessHash: String(n * 7),
        dc,
        mime: 'image/jpeg',
        sizes: [{ type: 'y', w: 1280, h: 853, fileId: file.id }],
      },
    },
    files: [file],
    sha256: new SyntheticContent(file.id, file.size).sha256(),
  }
}
