export { LinkError, type LinkPeer, type ParsedLink, parseLink } from './links.js'
export { type MediaItem, type MediaKind, type MediaOrigin, mediaFromMessage } from './media-item.js'
export { ResolveError, type ResolveOptions, refreshMedia, resolveLink } from './resolve.js'
export { storedPeers } from './stored-peers.js'
