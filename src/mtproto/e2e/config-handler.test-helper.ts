import type { tl } from '../../tl/index.js'

/**
 * A complete `config` (layer 223; the same constructor and fields in
 * mtcute's layer 227 and GramJS's layer 198) whose only DC — main and
 * media — is the test server.
 */
export function testConfig(dcId: number, host: string, port: number, now = Date.now()): tl.RawConfig {
  const date = Math.floor(now / 1000)
  return {
    _: 'config',
    date,
    expires: date + 3600,
    testMode: false,
    thisDc: dcId,
    dcOptions: [
      { _: 'dcOption', id: dcId, ipAddress: host, port },
      { _: 'dcOption', id: dcId, ipAddress: host, port, mediaOnly: true },
    ],
    dcTxtDomainName: 'localhost',
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 2147483647,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: dcId,
  }
}
