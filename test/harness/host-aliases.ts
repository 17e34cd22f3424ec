import type { HttpClient } from '../../src/main/core/http'

/**
 * A hosted service's address pointed at its fake, like an entry in /etc/hosts: the app keeps
 * talking to `https://app.obico.io` (its accounts are keyed by that origin, and Obico Cloud links
 * with nothing else), while the bytes go to the fake on 127.0.0.1. Applied to the core's HTTP client
 * and to the "system browser", the two ways the app reaches a server.
 */
export type HostAliases = Record<string, string>

/** `url` with an aliased origin replaced by its target; other URLs unchanged. */
export function resolveAlias(url: string, aliases: HostAliases): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  const target = aliases[parsed.origin]
  if (!target) return url
  return new URL(parsed.pathname + parsed.search + parsed.hash, target).toString()
}

/** The HTTP client with every request to an aliased origin sent to its target. */
export function aliasingHttpClient(inner: HttpClient, aliases: HostAliases): HttpClient {
  return {
    request: (request) => inner.request({ ...request, url: resolveAlias(request.url, aliases) })
  }
}
