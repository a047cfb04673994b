import type { TestkitState } from '../cluster/state.js'
import { FileContents } from '../content/file-content.js'
import { CdnStore } from './upload-cdn-redirect.js'
import { FileHashes } from './upload-hashes.js'

/** What the upload and CDN handlers of one cluster share: contents, hashes, the CDN's state. */
export interface UploadServices {
  contents: FileContents
  hashes: FileHashes
  cdn: CdnStore
}

const services = new WeakMap<TestkitState, UploadServices>()

/** The cluster's upload services (created on first use); tests tune faults through `cdn`. */
export function uploadServices(state: TestkitState): UploadServices {
  let s = services.get(state)
  if (!s) {
    const contents = new FileContents()
    s = { contents, hashes: new FileHashes((file) => contents.of(file)), cdn: new CdnStore() }
    services.set(state, s)
  }
  return s
}

/** Closes what the cluster's upload services hold open (descriptors of real files), once it stops serving. */
export async function closeUploadServices(state: TestkitState): Promise<void> {
  const s = services.get(state)
  services.delete(state)
  await s?.contents.close()
}
