/**
 * seq_no: twice the number of content-related messages sent before, plus one
 * if this message is content-related itself (core.telegram.org/mtproto/description).
 */
export class SeqNoCounter {
  private contentSent = 0

  next(contentRelated: boolean): number {
    if (!contentRelated) return this.contentSent * 2
    return this.contentSent++ * 2 + 1
  }

  reset(): void {
    this.contentSent = 0
  }
}

/** Service messages that are not content-related and so are never acknowledged. */
const NOT_CONTENT_RELATED = new Set(['mt_msgs_ack', 'mt_msg_container', 'mt_http_wait'])

export function isContentRelated(name: string): boolean {
  return !NOT_CONTENT_RELATED.has(name)
}
