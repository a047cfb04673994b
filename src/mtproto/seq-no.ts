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
