/**
 * The Makeprintable v1 calls a repair needs (providers.md §1.3): upload an item, create a fix,
 * read a fix, list fixes, download a result. Every call goes through `authorizedRequest` (the
 * account's `key` header or Bearer token, one retry after a refresh) and the one HTTP client, and
 * every answer is checked with zod, because the real field names of a fix are not documented.
 */
import { z } from 'zod'
import type { PastRepair, RepairOptions } from '../../../shared/models/repair'
import type { AuthorizedRequest } from '../accounts/service-types'
import { AppError } from '../errors'
import { multipartFileBody, type HttpClient, type HttpResponse } from '../http'
import { statusError } from '../providers/adapter-support'

const LABEL = 'Makeprintable'
/** Largest model Printdock downloads (a repaired mesh is rarely over 100 MB). */
export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024

/** What the API client needs: the account service's authorized call and the plain client. */
export interface MakeprintableApiDeps {
  authorizedRequest(accountId: string, request: AuthorizedRequest): Promise<HttpResponse>
  /** For download links on another host: they get no credential. */
  http: HttpClient
  /** The account's API origin, to tell its own links from foreign ones. */
  serverOrigin(accountId: string): Promise<string>
}

const itemSchema = z.looseObject({ id: z.coerce.number().int() })

const fixStatuses = {
  queued: 'queued',
  pending: 'queued',
  waiting: 'queued',
  fixing: 'fixing',
  processing: 'fixing',
  'in progress': 'fixing',
  done: 'done',
  completed: 'done',
  finished: 'done',
  success: 'done',
  failed: 'failed',
  error: 'failed'
} as const

const linksSchema = z
  .union([
    z.record(z.string(), z.string()),
    z
      .array(z.string())
      .transform((urls) => Object.fromEntries(urls.map((u, i) => [`file${i}`, u]))),
    z.string().transform((url) => ({ file: url }))
  ])
  .nullish()
  .catch(null)

const fixSchema = z.looseObject({
  id: z.coerce.number().int(),
  item_id: z.coerce.number().int().nullish().catch(null),
  name: z.string().nullish().catch(null),
  status: z.union([z.string(), z.number()]).transform((value) => {
    const key = String(value).toLowerCase() as keyof typeof fixStatuses
    return fixStatuses[key] ?? 'unknown'
  }),
  progress: z.coerce.number().min(0).max(100).nullish().catch(null),
  download_links: linksSchema,
  error: z.string().nullish().catch(null),
  created_at: z.coerce.number().nullish().catch(null)
})

/** A fix as Printdock reads it. */
export type FixState = PastRepair & { error: string | null }

function toFixState(raw: z.infer<typeof fixSchema>): FixState {
  return {
    fixId: raw.id,
    itemId: raw.item_id ?? null,
    name: raw.name ?? `Repair ${raw.id}`,
    status: raw.status,
    progress: raw.progress ?? null,
    // §1.3: Unix seconds.
    createdAt: raw.created_at ? raw.created_at * 1000 : null,
    downloads: Object.entries(raw.download_links ?? {})
      .filter(([, url]) => /^https?:\/\//i.test(url))
      .map(([type, url]) => ({ type, url })),
    error: raw.error ?? null
  }
}

/** A Yii2 error or validation list (§1.5) in plain words, or undefined. */
function serverWords(response: HttpResponse): string | undefined {
  try {
    const body = response.json()
    if (Array.isArray(body)) {
      const messages = body
        .map((entry) =>
          entry && typeof entry === 'object' ? (entry as { message?: unknown }).message : undefined
        )
        .filter((m): m is string => typeof m === 'string')
      return messages.length > 0 ? messages.join(' ') : undefined
    }
    const message = (body as { message?: unknown } | null)?.message
    return typeof message === 'string' && message ? message : undefined
  } catch {
    return undefined
  }
}

function checked<T>(response: HttpResponse, schema: z.ZodType<T>): T {
  if (response.status === 422 || response.status === 400) {
    const words = serverWords(response)
    throw new AppError(
      'repair/rejected',
      words ? `Makeprintable did not accept it: ${words}` : 'Makeprintable did not accept it.'
    )
  }
  if (response.status === 401 || response.status === 403) {
    throw new AppError(
      'auth/needs-relink',
      'Makeprintable did not accept the saved sign-in. Link the account again.'
    )
  }
  if (response.status < 200 || response.status >= 300) throw statusError(LABEL, response.status)
  const parsed = schema.safeParse(response.json())
  if (!parsed.success) {
    throw new AppError('network/bad-response', 'Makeprintable answered in an unexpected form.')
  }
  return parsed.data
}

export class MakeprintableApi {
  constructor(private readonly deps: MakeprintableApiDeps) {}

  /** POST /v1/items, multipart `file`. */
  async uploadItem(
    accountId: string,
    file: { path: string; name: string },
    onProgress: (sent: number, total: number) => void,
    signal?: AbortSignal
  ): Promise<number> {
    const body = await multipartFileBody({
      fileField: 'file',
      fileName: file.name,
      filePath: file.path
    })
    const response = await this.deps.authorizedRequest(accountId, {
      method: 'POST',
      url: '/v1/items',
      body,
      signal,
      onUploadProgress: ({ sent, total }) => onProgress(sent, total)
    })
    return checked(response, itemSchema).id
  }

  /** POST /v1/fixes with the options the API documents (§1.3). */
  async createFix(
    accountId: string,
    itemId: number,
    name: string,
    options: RepairOptions,
    signal?: AbortSignal
  ): Promise<FixState> {
    const form = new URLSearchParams({
      item_id: String(itemId),
      name,
      print_quality: options.printQuality
    })
    if (options.wallThickness !== undefined)
      form.set('wall_thickness', String(options.wallThickness))
    if (options.preOptimize !== undefined) form.set('pre_optimize', String(options.preOptimize))
    if (options.postOptimize !== undefined) form.set('post_optimize', String(options.postOptimize))
    const response = await this.deps.authorizedRequest(accountId, {
      method: 'POST',
      url: '/v1/fixes',
      body: form,
      signal
    })
    return toFixState(checked(response, fixSchema))
  }

  /** GET /v1/fixes/{id}: status, progress and download links. */
  async getFix(accountId: string, fixId: number, signal?: AbortSignal): Promise<FixState> {
    const response = await this.deps.authorizedRequest(accountId, {
      method: 'GET',
      url: `/v1/fixes/${fixId}`,
      signal
    })
    return toFixState(checked(response, fixSchema))
  }

  /** GET /v1/fixes: the account's repairs, newest first (first page of 100). */
  async listFixes(accountId: string, signal?: AbortSignal): Promise<FixState[]> {
    const response = await this.deps.authorizedRequest(accountId, {
      method: 'GET',
      url: '/v1/fixes?page=1&per-page=100&Page=1&pageSize=100',
      signal
    })
    const rows = checked(response, z.array(z.unknown()))
    const fixes: FixState[] = []
    for (const row of rows) {
      const parsed = fixSchema.safeParse(row)
      if (parsed.success) fixes.push(toFixState(parsed.data))
    }
    return fixes.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || b.fixId - a.fixId)
  }

  /**
   * Downloads a result link. A link on the account's own origin goes with the credential; one on
   * another host (a storage bucket, say) without it, so the key never leaves Makeprintable.
   */
  async download(accountId: string, url: string, signal?: AbortSignal): Promise<Buffer> {
    const own = new URL(url).origin === new URL(await this.deps.serverOrigin(accountId)).origin
    const request = {
      method: 'GET' as const,
      url,
      signal,
      headers: { Accept: '*/*' },
      deadlineMs: 10 * 60_000,
      idleTimeoutMs: 30_000,
      maxResponseBytes: MAX_DOWNLOAD_BYTES
    }
    const response = own
      ? await this.deps.authorizedRequest(accountId, request)
      : await this.deps.http.request(request)
    if (response.status < 200 || response.status >= 300) throw statusError(LABEL, response.status)
    return response.bytes ?? Buffer.from(response.text, 'latin1')
  }
}
