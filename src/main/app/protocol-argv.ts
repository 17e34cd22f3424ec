/**
 * Pure choice of the deep link a process was started with (see protocol-listener.ts for the OS
 * story). No Electron import.
 */
import { APP_SCHEME } from '../../shared/redirects'

/** The custom scheme registered with the OS (electron-builder.yml `protocols`). */
export const DEEP_LINK_SCHEME = APP_SCHEME

/**
 * The deep link in a command line, or undefined.
 *
 * Accepted only when exactly one argument starts with `printdock:` (GitHub Desktop's rule, cited
 * in shared/reference/oauth-and-secrets.md §3.6): two candidates mean something other than the
 * OS built this command line, so neither is trusted. Chromium switches placed after the URL by
 * Windows/Linux launchers are ignored; arguments are compared case-insensitively on the scheme
 * because some launchers upper-case it.
 */
export function selectDeepLinkArg(
  argv: readonly string[],
  scheme = DEEP_LINK_SCHEME
): string | undefined {
  const prefix = `${scheme.toLowerCase()}:`
  const candidates = argv.filter(
    (arg) => typeof arg === 'string' && arg.slice(0, prefix.length).toLowerCase() === prefix
  )
  if (candidates.length !== 1) return undefined
  const candidate = candidates[0]
  if (candidate.length > 8192 || /[\s\0]/.test(candidate)) return undefined
  return candidate
}

/**
 * The arguments `setAsDefaultProtocolClient` needs.
 *
 * Packaged: just the executable. Development (`electron .` / electron-vite dev): the executable is
 * Electron itself, so the app script must follow, resolved to an absolute path (Electron "Deep
 * Links" tutorial; shared/reference/oauth-and-secrets.md §3.7 Windows).
 */
export function protocolClientRegistration(input: {
  defaultApp: boolean
  execPath: string
  argv: readonly string[]
  resolve: (path: string) => string
}): { executable?: string; args?: string[] } {
  if (!input.defaultApp) return {}
  const script = input.argv[1]
  if (!script) return { executable: input.execPath, args: [] }
  return { executable: input.execPath, args: [input.resolve(script)] }
}

/** How many deep links wait at most before the app is ready (a real flow needs one or two). */
export const DEEP_LINK_BUFFER_LIMIT = 16

/**
 * Holds deep links until the app says it can handle them, then drains in arrival order.
 *
 * macOS delivers `open-url` before `ready`; Windows/Linux hand the cold-start URL in argv before the
 * window exists. Nothing is handled twice. The queue is capped: a page that never loads, or a
 * script firing `printdock:` links at the OS, must not grow it without bound, so past `limit` the
 * oldest link is dropped and `onDrop` is told (links are single-use callbacks, the newest is the
 * one the user is waiting for).
 */
export class DeepLinkBuffer {
  private readonly queue: string[] = []
  private handler: ((url: string) => void) | undefined

  constructor(
    private readonly limit = DEEP_LINK_BUFFER_LIMIT,
    private readonly onDrop: (url: string) => void = () => {}
  ) {}

  /** Queues or delivers one URL. */
  push(url: string): void {
    if (this.handler) return this.handler(url)
    this.queue.push(url)
    while (this.queue.length > this.limit) this.onDrop(this.queue.shift()!)
  }

  /** Marks the app ready: flushes queued URLs to `handler`, then delivers directly. */
  ready(handler: (url: string) => void): void {
    this.handler = handler
    for (const url of this.queue.splice(0)) handler(url)
  }

  /** URLs still waiting (for tests and diagnostics). */
  get pending(): readonly string[] {
    return [...this.queue]
  }
}

/**
 * A deep link without its query and fragment (`printdock://oauth/callback`), safe to log: the
 * query carries the authorization code and state.
 */
export function deepLinkTarget(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return '(unparseable)'
  }
}
