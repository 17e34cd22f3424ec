/**
 * A tap on the harness bridge (the page's `window.api` WebSocket): records every frame in both
 * directions, so a test can prove no secret crossed into the renderer. It forwards every frame
 * unchanged: what main sees is what the page sent.
 *
 * Installed on the browser context before the app page opens (Playwright `routeWebSocket`); the
 * page's real socket still reaches the harness server and its guard.
 */
import type { BrowserContext } from '@playwright/test'

/** What the tap saw. */
export interface BridgeTap {
  /** Frames page → main (invokes), as sent by the renderer. */
  readonly sent: string[]
  /** Frames main → page (results and events). */
  readonly received: string[]
  /** Invoke channels the renderer called, in order. */
  channels(): string[]
  /**
   * The last argument of every invoke of `channel`, in order: the request as the page sent it
   * (after the operation id, for calls that start work).
   */
  requestsOf(channel: string): unknown[]
  /** Every frame, both directions, as one string (for "does not contain" checks). */
  all(): string
}

function textOf(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('utf8')
}

/** Routes the harness socket of every page in `context` through the tap. */
export async function tapBridge(context: BrowserContext): Promise<BridgeTap> {
  const sent: string[] = []
  const received: string[] = []
  await context.routeWebSocket(/\/__harness\/ws\?/, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((message) => {
      const text = textOf(message)
      sent.push(text)
      server.send(message)
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
    requestsOf: (channel) =>
      sent.flatMap((frame) => {
        const parsed = parse(frame)
        return parsed?.type === 'invoke' && parsed.channel === channel && Array.isArray(parsed.args)
          ? [parsed.args.at(-1) as unknown]
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
