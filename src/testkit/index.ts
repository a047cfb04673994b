// `tgfetch/testkit`: an offline Telegram for tests and demos. The product's
// client entries never import it; the server role of MTProto is reached
// through here.
export * from '../mtproto/server-role/index.js'
export { SyntheticContent } from './content/synthetic-content.js'
export type { AcceptQrSpec } from './control/accept-qr.js'
export { ControlError } from './control/control-error.js'
export type { PublishedPost, PublishSpec } from './control/publish.js'
export { FaultControl } from './faults/control.js'
export { loadProfile, type NetworkProfile } from './network/profiles.js'
export {
  type RunningMtproxy,
  type RunningTestkit,
  type StartTestkitOptions,
  startTestkit,
} from './network/testkit.js'
export { type DescribedMedia, describeCluster, type TestkitDescription } from './serve/describe.js'
export { runTestkitServe } from './serve/run.js'
export { generateWorld } from './world/generate.js'
export type * from './world/types.js'
