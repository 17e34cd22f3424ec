import { HttpError, json, type FakeRequest, type FakeResponse } from '../kit'

/** `StandardResultsSetPagination`'s default page size (obico-api.md §2.1, §6 item 9). */
export const DEFAULT_PAGE_SIZE = 6

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null
  const n = Number(value)
  return n > 0 ? n : null
}

/**
 * DRF page-number pagination: `{count, next, previous, results}`, `page` (1-based, or `last`),
 * `page_size` (default 6, no maximum). `next`/`previous` are absolute URLs built from the
 * request's Host header. A page past the end is 404 `{"detail": "Invalid page."}` (§2.1).
 */
export function paginate<T>(
  req: FakeRequest,
  items: T[],
  render: (item: T) => unknown
): FakeResponse {
  const pageSize = positiveInt(req.query.get('page_size')) ?? DEFAULT_PAGE_SIZE
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  const pageParam = req.query.get('page') ?? '1'
  const page = pageParam === 'last' ? pages : positiveInt(pageParam)
  if (page === null || page > pages) throw new HttpError(404, { detail: 'Invalid page.' })
  const host = String(req.headers.host ?? req.url.host)
  const link = (target: number): string => {
    const params = new URLSearchParams(req.url.search)
    if (target === 1) params.delete('page')
    else params.set('page', String(target))
    // DRF re-encodes the query with its keys sorted (`?page=2&page_size=2`, obico-api.md §7).
    params.sort()
    const search = params.toString()
    return `http://${host}${req.path}${search ? `?${search}` : ''}`
  }
  return json(200, {
    count: items.length,
    next: page < pages ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: items.slice((page - 1) * pageSize, page * pageSize).map(render)
  })
}

/** `parent_folder` filter: absent → no filter; `null`/empty → root; an id → that folder (§2.5). */
export function parentFolderFilter(
  query: URLSearchParams
): { kind: 'all' } | { kind: 'folder'; id: number | null } {
  if (!query.has('parent_folder')) return { kind: 'all' }
  const value = query.get('parent_folder') ?? ''
  if (value === '' || value === 'null') return { kind: 'folder', id: null }
  return { kind: 'folder', id: Number(value) }
}
