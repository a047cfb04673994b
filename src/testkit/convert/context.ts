import type { FileReferences } from '../cluster/file-references.js'
import type { WorldIndex } from '../world/world-index.js'

/** What the world → TL converters need (TestkitState has both). */
export interface ConvertContext {
  index: WorldIndex
  fileReferences: FileReferences
}
