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
const fileSchema = z.object({ version: z.literal(1), accounts: z.array(recordSchema) })

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

/** What happened when the registry file could not be read. */
export interface RegistryProblem {
  kind: 'corrupt'
  /** Where the unreadable file was moved. */
  movedTo?: string
  detail: string
}

/** Identifies one version of the file cheaply: a write replaces the file (new inode, new times). */
function stampOf(stat: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`
}

const MISSING = 'missing'

/**
 * Keeps records in one JSON file shared by every Printdock process (the app and the CLI).
 *
 * Every change re-reads the file under a cross-process lock (`<file>.lock`, see file-lock.ts),
 * applies itself to what is on disk and writes the result, so one process never drops an account
 * another one linked nor brings back one it unlinked. Reads re-read the file when a `stat` says it
 * changed. Every write goes to a temp file in the same folder, is flushed, then renamed over the
 * real file, so a crash leaves the old or the new file, never half of one.
 *
 * A file that cannot be parsed is moved aside (`<file>.corrupt-<time>`), reported through
 * `problem` and the logger, and the registry starts empty: Printdock never crash-loops on it
 * (oauth-and-secrets.md §4.5 "worst practice: block or crash").
 */
export class JsonFileAccountRegistry implements AccountRegistry {
  private cache: { records: Map<string, AccountRecord>; stamp: string } | undefined
  private writes: Promise<void> = Promise.resolve()
  private lastProblem: RegistryProblem | undefined

  constructor(
    private readonly filePath: string,
    private readonly options: {
      logger?: Logger
      now?: () => number
      /** Lock timing (tests); defaults suit people: 10 s stale, 15 s wait. */
      lock?: { staleMs?: number; timeoutMs?: number }
    } = {}
  ) {}

  /** The problem found when loading, if any (for a notice in the UI). */
  get problem(): RegistryProblem | undefined {
    return this.lastProblem
  }

  async list(): Promise<AccountRecord[]> {
    return [...(await this.load()).values()].map(copy)
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const record = (await this.load()).get(id)
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

  /** The records on disk: the cached copy while the file's stat is unchanged. */
  private async load(): Promise<Map<string, AccountRecord>> {
    let stamp = MISSING
    try {
      stamp = stampOf(await fs.stat(this.filePath))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (this.cache && this.cache.stamp === stamp) return this.cache.records
    const read = await this.readFile()
    if (read.corrupt) {
      // Moving a file aside must not race a writer that just replaced it with a good one.
      return this.locked(async () => (await this.readFile({ moveCorrupt: true })).records)
    }
    return read.records
  }

  /**
   * Reads and parses the file, stat and content from the same open handle so the cached stamp
   * always matches the cached records.
   */
  private async readFile(
    options: { moveCorrupt?: boolean } = {}
  ): Promise<{ records: Map<string, AccountRecord>; corrupt?: true }> {
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
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const records = new Map<string, AccountRecord>()
      this.cache = { records, stamp: MISSING }
      return { records }
    }
    try {
      const parsed = fileSchema.parse(JSON.parse(raw))
      const records = new Map(parsed.accounts.map((record) => [record.id, record as AccountRecord]))
      this.cache = { records, stamp }
      return { records }
    } catch (error) {
      if (!options.moveCorrupt) return { records: new Map(), corrupt: true }
      const movedTo = `${this.filePath}.corrupt-${(this.options.now ?? Date.now)()}`
      let moved: string | undefined
      try {
        await fs.rename(this.filePath, movedTo)
        moved = movedTo
      } catch (renameError) {
        this.logger.error('Could not move the unreadable accounts file aside', {
          error: renameError
        })
      }
      const detail = error instanceof SyntaxError ? 'not valid JSON' : 'unexpected content'
      this.lastProblem = { kind: 'corrupt', movedTo: moved, detail }
      this.logger.error('The accounts file was unreadable; starting with no accounts', {
        detail,
        movedTo: moved
      })
      const records = new Map<string, AccountRecord>()
      this.cache = { records, stamp: moved ? MISSING : stamp }
      return { records }
    }
  }

  /**
   * Applies `change` to the file as it is on disk now, under the cross-process lock. Changes in
   * this process also queue behind each other, so the lock is never awaited by its own holder.
   */
  private mutate(change: (records: Map<string, AccountRecord>) => boolean): Promise<void> {
    const run = this.writes.then(() =>
      this.locked(async () => {
        const { records } = await this.readFile({ moveCorrupt: true })
        const next = new Map(records)
        if (!change(next)) return
        await this.writeAtomically(next)
      })
    )
    // A failed write must not block the ones after it; the caller still sees its own failure.
    this.writes = run.catch(() => undefined)
    return run
  }

  private async writeAtomically(records: Map<string, AccountRecord>): Promise<void> {
    const body = JSON.stringify({ version: 1, accounts: [...records.values()] }, null, 2) + '\n'
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
    this.cache = { records, stamp }
  }
}
