import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import type {
  AccountState,
  CredentialKind,
  IdentityField,
  ProviderId,
  SecretStorageKind
} from '../../../shared/models/account'
import { PROVIDER_IDS } from '../../../shared/models/account'
import { AppError } from '../errors'
import { nullLogger, type Logger } from '../logger'
import { withFileLock } from './file-lock'

/**
 * Non-secret account metadata: who, where, how and in what state. Secrets live in the TokenVault,
 * keyed by the same account id; this registry never holds a token, code, password or client secret.
 */

/** Endpoints a generic OAuth account was linked with (kept for refresh and revoke). */
export interface GenericEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl?: string
  scopes?: string
}

/** One account as stored. */
export interface AccountRecord {
  /** provider + normalised origin + user id (see `accountIdFor`). */
  id: string
  provider: ProviderId
  profileKey: string
  serverOrigin: string
  userId: string
  displayName: string
  identity: IdentityField[]
  credential: CredentialKind
  /** ISO time of the first link. */
  linkedAt: string
  state: AccountState
  stateDetail?: string
  /** The redirect URI the user chose instead of the profile default. */
  redirectOverride?: string
  /** Client ID used to link (a public identifier, not a secret). */
  clientId?: string
  generic?: GenericEndpoints
  /** Origin of the provider's second server (Octoblu's Meshblu), when not the default. */
  apiOrigin?: string
  /**
   * The kind of vault that held the secret when it was saved. The app and the CLI may use
   * different vaults (safeStorage is app-only; a CLI over SSH may have no keychain), so a secret
   * missing from *this* process's vault only means "gone" when the kinds match. Absent on records
   * written before it was recorded.
   */
  storage?: SecretStorageKind
}

/** Where account metadata lives. */
export interface AccountRegistry {
  list(): Promise<AccountRecord[]>
  get(id: string): Promise<AccountRecord | undefined>
  /** Inserts or replaces the record with this id. */
  put(record: AccountRecord): Promise<void>
  /** Removes a record; false when there was none. */
  remove(id: string): Promise<boolean>
}

/** The stable account id: provider + normalised origin + user id. */
export function accountIdFor(provider: ProviderId, serverOrigin: string, userId: string): string {
  return `${provider}:${serverOrigin}#${userId}`
}

const identityField = z.object({ label: z.string().max(256), value: z.string().max(1024) })
const recordSchema = z.object({
  id: z.string().min(1).max(512),
  provider: z.enum(PROVIDER_IDS),
  profileKey: z.string().min(1).max(64),
  serverOrigin: z.string().min(1).max(2048),
  userId: z.string().min(1).max(512),
  displayName: z.string().max(512),
  identity: z.array(identityField).max(32),
  credential: z.enum(['oauth', 'pasted-token', 'api-key', 'password-grant']),
  linkedAt: z.string(),
  state: z.enum(['linked', 'linking', 'needs-relink', 'unreachable']),
  stateDetail: z.string().max(1024).optional(),
  redirectOverride: z.string().max(2048).optional(),
  clientId: z.string().max(256).optional(),
  apiOrigin: z.string().max(2048).optional(),
  storage: z.enum(['keychain', 'safe-storage', 'memory']).optional(),
  generic: z
    .object({
      authorizeUrl: z.string().max(2048),
      tokenUrl: z.string().max(2048),
      revokeUrl: z.string().max(2048).optional(),
      scopes: z.string().max(1024).optional()
    })
    .optional()
})

function copy(record: AccountRecord): AccountRecord {
  return structuredClone(record)
}

/** Keeps records in memory: tests and the CLI's `--ephemeral` mode. */
export class InMemoryAccountRegistry implements AccountRegistry {
  private readonly records = new Map<string, AccountRecord>()

  constructor(initial: AccountRecord[] = []) {
    for (const record of initial) this.records.set(record.id, copy(record))
  }

  async list(): Promise<AccountRecord[]> {
    return [...this.records.values()].map(copy)
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const record = this.records.get(id)
    return record ? copy(record) : undefined
  }

  async put(record: AccountRecord): Promise<void> {
    this.records.set(record.id, copy(record))
  }

  async remove(id: string): Promise<boolean> {
    return this.records.delete(id)
  }
}

/**
 * What was wrong with the registry file. `unreadable`: nothing could be used; the file is left
 * exactly as it is and the registry refuses to write until the user fixes or removes it.
 * `records-skipped`: some records were not understood (a newer Printdock's provider, a value
 * past a limit); the others load and the skipped ones are written back untouched on every save.
 */
export type RegistryProblem =
  | { kind: 'unreadable'; filePath: string; detail: string }
  | { kind: 'records-skipped'; filePath: string; count: number }

/** Thrown by a change while the file is unreadable: writing would destroy the user's accounts. */
export class RegistryUnreadableError extends AppError {
  constructor(readonly problem: Extract<RegistryProblem, { kind: 'unreadable' }>) {
    super(
      'files/unreadable',
      `Printdock can't read its list of linked accounts (${problem.filePath}: ${problem.detail}), ` +
        'so it changes nothing in it. Fix or move that file away, then try again.'
    )
    this.name = 'RegistryUnreadableError'
  }
}

/** Identifies one version of the file cheaply: a write replaces the file (new inode, new times). */
function stampOf(stat: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`
}

const MISSING = 'missing'

/** The file's top level; records are checked one by one so one bad record costs only itself. */
const fileShape = z.object({ version: z.literal(1), accounts: z.array(z.unknown()) }).loose()

/** Plain words for why the file could not be opened or read (never a stack). */
function describeReadError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EISDIR':
      return 'it is a folder, not a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    default:
      return (error as NodeJS.ErrnoException).code ?? 'it could not be read'
  }
}

/** The contents of the file as last read. */
interface Loaded {
  records: Map<string, AccountRecord>
  /** Records this version does not understand, kept as they were to be written back. */
  kept: unknown[]
  stamp: string
  problem?: RegistryProblem
}

/**
 * Keeps records in one JSON file shared by every Printdock process (the app and the CLI).
 *
 * Every change re-reads the file under a cross-process lock (`<file>.lock`, see file-lock.ts),
 * applies itself to what is on disk and writes the result, so one process never drops an account
 * another one linked nor brings back one it unlinked. Reads re-read the file when a `stat` says it
 * changed. Every write goes to a temp file in the same folder, is flushed, then renamed over the
 * real file, so a crash leaves the old or the new file, never half of one.
 *
 * Damage never costs the user data: reading never moves or rewrites the file. A record that does
 * not pass the schema is skipped, reported through `problem`, and written back as it was on the
 * next save (a newer Printdock's accounts survive an older one). A file that cannot be used at
 * all is reported and left byte for byte; changes are refused until the user acts, while
 * Printdock still starts (oauth-and-secrets.md §4.5 "worst practice: block or crash").
 */
export class JsonFileAccountRegistry implements AccountRegistry {
  private cache: Loaded | undefined
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly filePath: string,
    private readonly options: {
      logger?: Logger
      /** Lock timing (tests); defaults suit people: 10 s stale, 15 s wait. */
      lock?: { staleMs?: number; timeoutMs?: number }
    } = {}
  ) {}

  /** What was wrong with the file when it was last read, if anything (for a notice). */
  get problem(): RegistryProblem | undefined {
    return this.cache?.problem
  }

  async list(): Promise<AccountRecord[]> {
    return [...(await this.load()).records.values()].map(copy)
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const record = (await this.load()).records.get(id)
    return record ? copy(record) : undefined
  }

  async put(record: AccountRecord): Promise<void> {
    const parsed = recordSchema.parse(record) as AccountRecord
    await this.mutate((records) => {
      records.set(parsed.id, copy(parsed))
      return true
    })
  }

  async remove(id: string): Promise<boolean> {
    let removed = false
    await this.mutate((records) => {
      removed = records.delete(id)
      return removed
    })
    return removed
  }

  private get logger(): Logger {
    return this.options.logger ?? nullLogger
  }

  private get lockPath(): string {
    return `${this.filePath}.lock`
  }

  private locked<T>(task: () => Promise<T>): Promise<T> {
    return withFileLock(this.lockPath, task, {
      ...this.options.lock,
      what: 'the list of linked accounts'
    })
  }

  /** The file's contents: the cached copy while the file's stat is unchanged. */
  private async load(): Promise<Loaded> {
    let stamp = MISSING
    try {
      stamp = stampOf(await fs.stat(this.filePath))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return this.unreadable(stamp, error)
    }
    if (this.cache && this.cache.stamp === stamp) return this.cache
    return this.readFile()
  }

  /**
   * Reads and parses the file, stat and content from the same open handle so the cached stamp
   * always matches the cached records.
   */
  private async readFile(): Promise<Loaded> {
    let raw: string
    let stamp: string
    try {
      const handle = await fs.open(this.filePath, 'r')
      try {
        stamp = stampOf(await handle.stat())
        raw = await handle.readFile('utf8')
      } finally {
        await handle.close()
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return this.unreadable(MISSING, error)
      }
      return this.remember({ records: new Map(), kept: [], stamp: MISSING })
    }
    // An empty file holds nothing to lose (writes are atomic, so only a user makes one).
    if (raw.trim() === '') return this.remember({ records: new Map(), kept: [], stamp })
    let file: z.infer<typeof fileShape>
    try {
      file = fileShape.parse(JSON.parse(raw))
    } catch (error) {
      const version = (() => {
        try {
          return (JSON.parse(raw) as { version?: unknown }).version
        } catch {
          return undefined
        }
      })()
      const detail =
        error instanceof SyntaxError
          ? 'not valid JSON'
          : typeof version === 'number' && version > 1
            ? 'written by a newer version of Printdock'
            : 'unexpected content'
      return this.unreadable(stamp, detail)
    }
    const records = new Map<string, AccountRecord>()
    const kept: unknown[] = []
    for (const entry of file.accounts) {
      const parsed = recordSchema.safeParse(entry)
      if (parsed.success) records.set(parsed.data.id, parsed.data as AccountRecord)
      else kept.push(entry)
    }
    if (kept.length === 0) return this.remember({ records, kept, stamp })
    this.logger.warn('Some saved accounts were not understood and were skipped', {
      skipped: kept.length
    })
    return this.remember({
      records,
      kept,
      stamp,
      problem: { kind: 'records-skipped', filePath: this.filePath, count: kept.length }
    })
  }

  private unreadable(stamp: string, cause: unknown): Loaded {
    const detail = typeof cause === 'string' ? cause : describeReadError(cause)
    this.logger.error('The accounts file could not be read; it is left as it is', { detail })
    return this.remember({
      records: new Map(),
      kept: [],
      // An unreadable stat cannot be cached against: try again on the next read.
      stamp: stamp === MISSING ? '' : stamp,
      problem: { kind: 'unreadable', filePath: this.filePath, detail }
    })
  }

  private remember(loaded: Loaded): Loaded {
    this.cache = loaded
    return loaded
  }

  /**
   * Applies `change` to the file as it is on disk now, under the cross-process lock. Changes in
   * this process also queue behind each other, so the lock is never awaited by its own holder.
   */
  private mutate(change: (records: Map<string, AccountRecord>) => boolean): Promise<void> {
    const run = this.writes.then(() =>
      this.locked(async () => {
        const { records, kept, problem } = await this.readFile()
        if (problem?.kind === 'unreadable') throw new RegistryUnreadableError(problem)
        const next = new Map(records)
        if (!change(next)) return
        await this.writeAtomically(next, kept)
      })
    )
    // A failed write must not block the ones after it; the caller still sees its own failure.
    this.writes = run.catch(() => undefined)
    return run
  }

  private async writeAtomically(
    records: Map<string, AccountRecord>,
    kept: unknown[]
  ): Promise<void> {
    const body =
      JSON.stringify({ version: 1, accounts: [...records.values(), ...kept] }, null, 2) + '\n'
    await fs.mkdir(dirname(this.filePath), { recursive: true })
    const temp = `${this.filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const handle = await fs.open(temp, 'w', 0o600)
    try {
      await handle.writeFile(body, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await fs.rename(temp, this.filePath)
    } catch (error) {
      await fs.rm(temp, { force: true })
      throw error
    }
    // Stamp after the rename (it changes ctime). Nobody else writes while this process holds
    // the lock, so the stamp is this content's; a failed stat just means one extra read later.
    const stamp = await fs.stat(this.filePath).then(stampOf, () => '')
    this.remember({
      records,
      kept,
      stamp,
      problem:
        kept.length > 0
          ? { kind: 'records-skipped', filePath: this.filePath, count: kept.length }
          : undefined
    })
  }
}
