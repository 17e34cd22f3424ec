/**
 * A tap on the harness bridge (the page's `window.api` WebSocket): records every frame in both
 * directions, so a test can prove no secret crossed into the renderer, and can amend one request
 * in flight where the UI has no field for it.
 *
 * Installed on the browser context before the app page opens (Playwright `routeWebSocket`); the
 * page's real socket still reaches the harness server and its guard.
 */
import type { BrowserContext } from '@playwright/test'

/** Amends the argument of one invoke channel before main sees it. */
export type InvokeRewrite = (channel: string, arg: unknown) => unknown

/** What the tap saw. */
export interface BridgeTap {
  /** Frames page → main (invokes), as sent by the renderer, before any rewrite. */
  readonly sent: string[]
  /** Frames main → page (results and events). */
  readonly received: string[]
  /** Invoke channels the renderer called, in order. */
  channels(): string[]
  /** Every frame, both directions, as one string (for "does not contain" checks). */
  all(): string
}

function textOf(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('utf8')
}

/** Routes the harness socket of every page in `context` through the tap. */
export async function tapBridge(
  context: BrowserContext,
  rewrite?: InvokeRewrite
): Promise<BridgeTap> {
  const sent: string[] = []
  const received: string[] = []
  await context.routeWebSocket(/\/__harness\/ws\?/, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((message) => {
      const text = textOf(message)
      sent.push(text)
      server.send(rewrite ? amend(text, rewrite) : text)
    })
    server.onMessage((message) => {
      received.push(textOf(message))
      ws.send(message)
    })
  })
  return {
    sent,
    received,
    channels: () =>
      sent.flatMap((frame) => {
        const parsed = parse(frame)
        return parsed?.type === 'invoke' && typeof parsed.channel === 'string'
          ? [parsed.channel]
          : []
      }),
    all: () => [...sent, ...received].join('\n')
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function amend(text: string, rewrite: InvokeRewrite): string {
  const frame = parse(text)
  if (!frame || frame.type !== 'invoke' || typeof frame.channel !== 'string') return text
  if (!Array.isArray(frame.args) || frame.args.length !== 1) return text
  return JSON.stringify({ ...frame, args: [rewrite(frame.channel, frame.args[0])] })
}

/**
 * A rewrite that points new browser links of `profileKey` at `serverUrl`.
 *
 * Hosted profiles (Makeprintable, Octoblu) have no server-address field in the UI
 * (test/renderer/link-forms.test.tsx asserts it), while main's `accounts:start-link` accepts a
 * `serverUrl` for any profile. The tap adds it, as a build pointed at a staging server would, so
 * the rest of the flow runs against the sandbox unchanged.
 */
export function pointProfileAt(profileKey: string, serverUrl: string): InvokeRewrite {
  return (channel, arg) => {
    if (channel !== 'accounts:start-link' || !arg || typeof arg !== 'object') return arg
    const request = arg as Record<string, unknown>
    if (request.profileKey !== profileKey || request.serverUrl !== undefined) return arg
    return { ...request, serverUrl }
  }
}
