import { z } from 'zod'

/**
 * The demo's Obico server runs in a process of its own (docs/decisions/0006): Electron forks the
 * built `out/main/demo-server.js` as a utility process (src/main/adapters/demo-server-utility.ts),
 * tests and the browser harness fork the TypeScript entry with Node (test/fakes/obico). Both
 * speak the protocol here: the child sends one `listening` message (origin, client ID), and ends on
 * SIGTERM or when its parent goes away.
 */

/** The child's one message. Validated like any input from another process. */
export const demoServerListeningSchema = z.strictObject({
  type: z.literal('listening'),
  origin: z.string().regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/, 'a 127.0.0.1 origin'),
  /** The OAuth client the server has registered for Printdock. */
  clientId: z.string().min(1).max(200)
})

/** What the demo server child sends once it listens. */
export type DemoServerListening = z.infer<typeof demoServerListeningSchema>

/** A demo server running in its own process. */
export interface DemoServer {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string
  /** The OAuth client ID to link with. */
  readonly clientId: string
  /** Settles when the process has exited, whoever ended it. */
  readonly exited: Promise<void>
  /** Ends the process; resolves once it has exited. */
  stop(): Promise<void>
}

/** Starts the demo server in a process of its own; resolves once it listens. */
export type SpawnDemoServer = () => Promise<DemoServer>

/**
 * What the protocol needs of the child: Node's `ChildProcess` and Electron's `UtilityProcess`
 * both have it. `message` carries the message itself in both (utility processes, unlike
 * `parentPort` in the child, do not wrap it in an event).
 */
export interface DemoServerChild {
  on(event: 'message', listener: (message: unknown) => void): unknown
  once(event: 'exit', listener: (code: number | null) => void): unknown
  kill(): boolean
}

/** How long a child may take to listen before it counts as failed (a cold start under load). */
const LISTEN_TIMEOUT_MS = 20_000

/** A child that stopped or failed before it reported a usable origin. */
export class DemoServerStartError extends Error {
  override readonly name = 'DemoServerStartError'
}

/**
 * Waits for `child` to report its origin. A child that exits first, sends anything else, or says
 * nothing within the timeout is killed and the promise rejects with a DemoServerStartError.
 */
export function awaitDemoServer(
  child: DemoServerChild,
  options: { timeoutMs?: number } = {}
): Promise<DemoServer> {
  let markExited!: () => void
  const exited = new Promise<void>((resolve) => {
    markExited = resolve
  })
  let hasExited = false
  const stop = async (): Promise<void> => {
    if (!hasExited) child.kill()
    await exited
  }

  return new Promise<DemoServer>((resolve, reject) => {
    let settled = false
    const fail = (reason: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!hasExited) child.kill()
      reject(new DemoServerStartError(`The demo server did not start: ${reason}.`))
    }
    const timer = setTimeout(
      () => fail(`no answer within ${(options.timeoutMs ?? LISTEN_TIMEOUT_MS) / 1000} s`),
      options.timeoutMs ?? LISTEN_TIMEOUT_MS
    )
    child.once('exit', (code) => {
      hasExited = true
      markExited()
      fail(`it exited with code ${code}`)
    })
    child.on('message', (message) => {
      if (settled) return
      const parsed = demoServerListeningSchema.safeParse(message)
      if (!parsed.success) return fail('it sent an unexpected message')
      settled = true
      clearTimeout(timer)
      resolve({ origin: parsed.data.origin, clientId: parsed.data.clientId, exited, stop })
    })
  })
}
