import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../errors'

/**
 * A lock shared by every Printdock process on this machine (the app, the CLI, a second CLI): a
 * lock file created with `wx`, so exactly one creator wins. The holder touches the file while it
 * holds the lock; a lock file nobody touched for `staleMs` belonged to a process that died and is
 * taken over. Waiters retry with a short backoff and give up after `timeoutMs` with plain words:
 * a stuck lock must never hang a command or the app.
 */

/** Options of `withFileLock`. */
export interface FileLockOptions {
  /** A lock file untouched for this long is considered left behind by a dead process. */
  staleMs?: number
  /** How long to wait for the lock before failing. */
  timeoutMs?: number
  /** What the lock protects, for the error message ("the list of accounts"). */
  what?: string
}

const DEFAULT_STALE_MS = 10_000
const DEFAULT_TIMEOUT_MS = 15_000
const FIRST_DELAY_MS = 5
const MAX_DELAY_MS = 200

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** Reads the nonce a lock file holds; undefined when the file is gone or unreadable. */
async function readNonce(path: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(path, 'utf8')).split('\n')[0]
  } catch {
    return undefined
  }
}

/**
 * Takes over a stale lock: renames it aside (atomic, so only one waiter gets a given file) and
 * checks that the file it got is the stale one it saw. If a live holder's fresh lock was taken by
 * mistake (the stale one was replaced between the check and the rename) it is put back with
 * `link`, which never overwrites.
 */
async function breakStaleLock(path: string, staleNonce: string | undefined): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`
  try {
    await fs.rename(path, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  const nonce = await readNonce(aside)
  if (nonce !== staleNonce) {
    await fs.link(aside, path).catch(() => undefined)
  }
  await fs.rm(aside, { force: true })
}

/** Tries to take the lock once; the nonce on success, undefined when someone else holds it. */
async function tryAcquire(path: string, staleMs: number): Promise<string | undefined> {
  const nonce = `${process.pid}-${randomBytes(12).toString('hex')}`
  try {
    const handle = await fs.open(path, 'wx', 0o600)
    try {
      await handle.writeFile(`${nonce}\n${new Date().toISOString()}\n`, 'utf8')
    } finally {
      await handle.close()
    }
    return nonce
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error
  }
  let stat
  try {
    stat = await fs.stat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined // released meanwhile: retry at once
    throw error
  }
  if (Date.now() - stat.mtimeMs > staleMs) {
    await breakStaleLock(path, await readNonce(path))
  }
  return undefined
}

/**
 * Runs `task` while holding the lock file at `lockPath` (its folder is created when missing).
 * Throws AppError 'internal/unexpected' with plain words when the lock stays taken too long.
 */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {}
): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  await fs.mkdir(dirname(lockPath), { recursive: true })
  const deadline = Date.now() + timeoutMs
  let delay = FIRST_DELAY_MS
  let nonce: string | undefined
  for (;;) {
    nonce = await tryAcquire(lockPath, staleMs)
    if (nonce) break
    if (Date.now() >= deadline) {
      throw new AppError(
        'internal/unexpected',
        `Another Printdock (the app or a printdock command) is busy with ${options.what ?? 'its data'} ` +
          `and did not finish within ${Math.round(timeoutMs / 1000)} seconds. Try again in a moment.`,
        { retryable: true }
      )
    }
    // Jitter keeps two waiters from retrying in lockstep.
    await sleep(delay + Math.random() * delay)
    delay = Math.min(delay * 2, MAX_DELAY_MS)
  }
  // Touch the file while holding it, so a long task (a slow refresh) never looks stale.
  const heartbeat = setInterval(
    () => {
      const now = new Date()
      fs.utimes(lockPath, now, now).catch(() => undefined)
    },
    Math.max(50, Math.floor(staleMs / 3))
  )
  heartbeat.unref()
  try {
    return await task()
  } finally {
    clearInterval(heartbeat)
    // Only remove our own lock: if ours was (wrongly) taken over, the file is someone else's now.
    if ((await readNonce(lockPath)) === nonce) await fs.rm(lockPath, { force: true })
  }
}
