import type { tl } from '@mtcute/tl'
import { rsaPublicKeyToPem } from '../../crypto/index.js'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcAddress, DcApi } from '../cluster/api-context.js'

/** The methods a CDN DC answers besides upload.getCdnFile; the rest of help.* is refused there. */
const CDN_HELP_METHODS = new Set(['help.getConfig', 'help.getCdnConfig'])

/**
 * help.getConfig (every DC of the cluster, CDN DCs flagged), help.getNearestDc
 * and help.getCdnConfig (the CDN DCs' RSA keys). None needs a logged-in key.
 */
export function registerHelpHandlers(registry: HandlerRegistry, api: DcApi): void {
  const handlers: Record<string, () => unknown> = {
    'help.getConfig': () => config(api.dcId, api.addresses(), api.state.now()),
    'help.getNearestDc': (): tl.RawNearestDc => ({
      _: 'nearestDc',
      country: 'NL',
      thisDc: api.dcId,
      nearestDc: api.dcId,
    }),
    'help.getCdnConfig': (): tl.RawCdnConfig => ({
      _: 'cdnConfig',
      publicKeys: api.cdnKeys().map(({ dcId, key }) => ({
        _: 'cdnPublicKey',
        dcId,
        publicKey: rsaPublicKeyToPem(key),
      })),
    }),
  }
  for (const [method, handler] of Object.entries(handlers)) {
    registry.on(
      method,
      api.cdn && !CDN_HELP_METHODS.has(method)
        ? () => {
            throw new RpcError(400, 'CDN_METHOD_INVALID')
          }
        : handler,
    )
  }
}

/** Each DC's address; main DCs are listed again as media-only, as Telegram lists its media DCs. */
function dcOptions(addresses: DcAddress[]): tl.RawDcOption[] {
  return addresses.flatMap((a) => {
    const option: tl.RawDcOption = {
      _: 'dcOption',
      id: a.id,
      ipAddress: a.host,
      port: a.port,
      mediaOnly: a.mediaOnly || undefined,
      cdn: a.cdn || undefined,
    }
    return a.cdn || a.mediaOnly ? [option] : [option, { ...option, mediaOnly: true }]
  })
}

/** A complete `config` with Telegram's production limits, in our layer (older layers get it down-converted). */
export function config(thisDc: number, addresses: DcAddress[], nowMs: number): tl.RawConfig {
  const date = Math.floor(nowMs / 1000)
  return {
    _: 'config',
    defaultP2pContacts: true,
    preloadFeaturedStickers: true,
    revokePmInbox: true,
    date,
    expires: date + 3600,
    testMode: false,
    thisDc,
    dcOptions: dcOptions(addresses),
    dcTxtDomainName: 'apv3.stel.com',
    chatSizeMax: 200,
    megagroupSizeMax: 200_000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210_000,
    offlineBlurTimeoutMs: 5_000,
    offlineIdleTimeoutMs: 30_000,
    onlineCloudTimeoutMs: 300_000,
    notifyCloudDelayMs: 30_000,
    notifyDefaultDelayMs: 1_500,
    pushChatPeriodMs: 60_000,
    pushChatLimit: 2,
    editTimeLimit: 172_800,
    revokeTimeLimit: 2_147_483_647,
    revokePmTimeLimit: 2_147_483_647,
    ratingEDecay: 2_419_200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604_800,
    callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000,
    callConnectTimeoutMs: 30_000,
    callPacketTimeoutMs: 10_000,
    meUrlPrefix: 'https://t.me/',
    gifSearchUsername: 'gif',
    venueSearchUsername: 'foursquare',
    imgSearchUsername: 'bing',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: 4,
    suggestedLangCode: 'en',
    langPackVersion: 0,
    baseLangPackVersion: 0,
    reactionsDefault: { _: 'reactionEmoji', emoticon: '👍' },
  }
}
