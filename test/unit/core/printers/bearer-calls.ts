/**
 * The account's authorised call for core tests against a fake server: resolves the path against
 * the server, adds the bearer token, and records every URL asked for.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../src/main/core/http'

/** A test double of `authorizedRequest` and the URLs it was asked for. */
export interface BearerCalls {
  authorizedRequest: (
    accountId: string,
    request: Omit<HttpRequest, 'url'> & { url: string }
  ) => Promise<HttpResponse>
  urls: string[]
}

/** Calls `baseUrl` through `http` with `token`, as an account's authorised calls do. */
export function bearerCalls(http: HttpClient, baseUrl: string, token: string): BearerCalls {
  const urls: string[] = []
  return {
    urls,
    authorizedRequest: (_accountId, request) => {
      const url = new URL(request.url, `${baseUrl}/`).toString()
      urls.push(url)
      return http.request({
        ...request,
        url,
        headers: { ...request.headers, Authorization: `Bearer ${token}` }
      })
    }
  }
}
