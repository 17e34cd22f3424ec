import axios, { type AxiosInstance } from 'axios'
import { AppError } from '../errors'

/**
 * A small HTTP client for provider API calls (identity, verification, revocation by API).
 *
 * It resolves with every HTTP status (callers decide what a 403 means per provider) and rejects
 * only when no response arrived: refused, reset or timed out, as AppError 'network/*'.
 */

/** One API request. A string body is sent as is; an object as JSON; URLSearchParams as a form. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: string | URLSearchParams | Record<string, unknown>
  timeoutMs?: number
}

/** A response with the body as text; `json()` throws AppError 'network/bad-response'. */
export interface ApiResponse {
  status: number
  headers: Record<string, string>
  text: string
  json(): unknown
}

/** The client the providers and the account service use for non-token calls. */
export interface ApiHttp {
  request(request: ApiRequest): Promise<ApiResponse>
}

const DEFAULT_TIMEOUT_MS = 15_000

/** Parses a body as JSON or throws 'network/bad-response' (a cut or HTML body, for example). */
function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError(
      'network/bad-response',
      'The server sent an answer Printdock could not read.',
      {
        retryable: true
      }
    )
  }
}

/** Builds an ApiResponse from parts; `json()` parses lazily, on demand. */
function apiResponse(
  status: number,
  text: string,
  headers: Record<string, string> = {}
): ApiResponse {
  return { status, headers, text, json: () => parseJsonBody(text) }
}

/** Maps a transport failure to an AppError the UI can explain. */
function networkError(error: unknown): AppError {
  const code = (error as { code?: string } | undefined)?.code
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new AppError('network/timeout', 'The server took too long to answer.', {
      cause: error,
      retryable: true
    })
  }
  return new AppError('network/offline', 'Printdock could not reach the server.', {
    cause: error,
    retryable: true
  })
}

/** The axios-backed client: no redirects followed, no proxy guessing, every status resolved. */
export function createAxiosApiHttp(instance: AxiosInstance = axios.create()): ApiHttp {
  return {
    async request(request) {
      let data: string | undefined
      const headers: Record<string, string> = { Accept: 'application/json', ...request.headers }
      if (typeof request.body === 'string') data = request.body
      else if (request.body instanceof URLSearchParams) {
        data = request.body.toString()
        headers['Content-Type'] ??= 'application/x-www-form-urlencoded'
      } else if (request.body !== undefined) {
        data = JSON.stringify(request.body)
        headers['Content-Type'] ??= 'application/json'
      }
      try {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          headers,
          data,
          timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxRedirects: 0,
          proxy: false,
          responseType: 'text',
          transformResponse: [(raw: unknown) => raw],
          validateStatus: () => true
        })
        const flat: Record<string, string> = {}
        for (const [key, value] of Object.entries(response.headers ?? {})) {
          if (value !== undefined && value !== null) flat[key.toLowerCase()] = String(value)
        }
        const text = typeof response.data === 'string' ? response.data : ''
        return apiResponse(response.status, text, flat)
      } catch (error) {
        throw networkError(error)
      }
    }
  }
}
