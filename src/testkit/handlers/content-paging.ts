/** The paging fields messages.getHistory and messages.getReplies share. */
export interface PageRequest {
  offsetId: number
  offsetDate: number
  addOffset: number
  limit: number
  maxId: number
  minId: number
}

/** Telegram returns at most 100 messages per history call. */
export const MAX_PAGE = 100

/**
 * Telegram's history paging over messages in ascending id order: newest first,
 * starting at the first message older than offset_id (or offset_date), moved
 * by add_offset (negative: towards newer messages), then limit, then the
 * exclusive max_id / min_id bounds.
 */
export function pageOf<T extends { id: number; date: number }>(
  ascending: readonly T[],
  req: PageRequest,
): { items: T[]; offsetIdOffset: number | undefined } {
  const newestFirst = [...ascending].reverse()
  let position = 0
  if (req.offsetId > 0) position = indexOr(newestFirst, (m) => m.id < req.offsetId)
  else if (req.offsetDate > 0) position = indexOr(newestFirst, (m) => m.date < req.offsetDate)
  const limit = Math.min(Math.max(req.limit, 0), MAX_PAGE)
  const start = position + req.addOffset
  const items = newestFirst
    .slice(Math.max(start, 0), Math.max(start + limit, 0))
    .filter((m) => (req.maxId <= 0 || m.id < req.maxId) && (req.minId <= 0 || m.id > req.minId))
  const offsetIdOffset = req.offsetId > 0 || req.offsetDate > 0 ? Math.max(start, 0) : undefined
  return { items, offsetIdOffset }
}

function indexOr<T>(list: readonly T[], pred: (item: T) => boolean): number {
  const i = list.findIndex(pred)
  return i === -1 ? list.length : i
}
