import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { nullLogger, type Logger } from '../logger'
import { writeFileAtomicSync } from './atomic-file'
import { migrate } from './settings-migrations'
import { DEFAULT_SETTINGS, parseSettingValue, type AppSettings } from './settings-schema'
import type { SettingsStore } from './settings-store'

/** Options for `JsonFileSettingsStore`. */
export interface JsonFileSettingsStoreOptions {
  /** Usually `settingsFilePath()` from `../paths`: `config.json` in the data folder. */
  filePath: string
  logger?: Logger
  /** Names the copies of damaged files (tests); default `Date.now`. */
  now?: () => number
}

/** Why the settings file was not used as it is; the app shows it as a notice, the CLI prints it. */
export type SettingsProblem =
  /** Not JSON, or not a settings object. Defaults are used; the damaged bytes were kept. */
  | { kind: 'damaged'; detail: string; keptAs: string }
  /**
   * Damaged, and keeping a copy failed too: the file is left exactly as it is and nothing is
   * written this run.
   */
  | { kind: 'damaged-not-kept'; detail: string }
  /** The file exists but cannot be read (permissions, I/O error): read-only for this run. */
  | { kind: 'unreadable'; detail: string }
  /** Written by a newer Printdock: this build uses defaults and never overwrites it. */
  | { kind: 'newer'; fileVersion: number }

type FileRead =
  { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'bytes'; bytes: Buffer }

/** What one read of the file yields. */
interface Loaded {
  settings: AppSettings
  /** Keys the schema does not own, written back untouched. */
  extras: Record<string, unknown>
  /** Identifies the file version this was read from (see `stampOf`). */
  stamp: string
  /** False when writing would destroy something (a newer build's file, an unreadable one). */
  writable: boolean
}

const MISSING = 'missing'

/** Identifies one version of the file cheaply: a write replaces it (new inode, new times). */
function stampOf(stat: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`
}

/** Whether `path` is a file holding exactly `bytes` (false for anything unreadable). */
function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    return readFileSync(path).equals(bytes)
  } catch {
    return false
  }
}

function defaults(): AppSettings {
  return structuredClone({ ...DEFAULT_SETTINGS }) as AppSettings
}

/**
 * Printdock's one settings store (`config.json`, a tab-indented JSON object, one key per setting),
 * used by the Electron app, the CLI and the browser harness alike (docs/decisions/0011).
 *
 * Shared by processes: every change re-reads the file, applies the one change and replaces the
 * file atomically, so the app and the CLI changing different keys do not undo each other; reads
 * re-read the file when its `stat` says another process replaced it.
 *
 * Never loses a file. A damaged file (not JSON, or not a settings object) is copied byte for byte
 * to `config.json.corrupt-<time>` before anything else happens, defaults are used, and `problem`
 * says so; the next change replaces the damaged file. A file from a newer Printdock, one that
 * cannot be read, or a damaged one that could not be copied is never overwritten: changes then
 * last for this run only.
 */
export class JsonFileSettingsStore implements SettingsStore<AppSettings> {
  private readonly filePath: string
  private readonly logger: Logger
  private readonly now: () => number
  private state: Loaded
  private firstProblem: SettingsProblem | undefined

  constructor(options: JsonFileSettingsStoreOptions) {
    this.filePath = options.filePath
    this.logger = options.logger ?? nullLogger
    this.now = options.now ?? Date.now
    this.state = this.load()
  }

  /** The first problem met with the file since this store was opened, for one notice. */
  get problem(): SettingsProblem | undefined {
    return this.firstProblem
  }

  /** True when the file is not written (a newer Printdock's, unreadable, or damaged and not kept). */
  get isReadOnly(): boolean {
    return !this.current().writable
  }

  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return structuredClone(this.current().settings[key])
  }

  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    this.update({ [key]: value } as Partial<AppSettings>)
  }

  getAll(): AppSettings {
    return structuredClone(this.current().settings)
  }

  /** Applies several changes in one write and returns the new settings. */
  update(patch: Partial<AppSettings>): AppSettings {
    const checked: Partial<Record<keyof AppSettings, unknown>> = {}
    for (const [key, value] of Object.entries(patch) as [keyof AppSettings, unknown][]) {
      if (key === 'schemaVersion') continue
      checked[key] = value === undefined ? undefined : parseSettingValue(key, value)
    }
    const fresh = this.load()
    const next = { ...fresh.settings, ...checked } as AppSettings
    for (const key of Object.keys(checked) as (keyof AppSettings)[]) {
      if (next[key] === undefined) delete next[key]
    }
    if (!fresh.writable) {
      this.logger.warn('Settings file cannot be updated; changes are kept for this run only', {
        file: this.filePath
      })
      this.state = { ...fresh, settings: next }
      return this.getAll()
    }
    writeFileAtomicSync(
      this.filePath,
      JSON.stringify({ ...fresh.extras, ...next }, undefined, '\t')
    )
    this.state = { settings: next, extras: fresh.extras, stamp: this.stamp(), writable: true }
    return this.getAll()
  }

  /** Reads the file again now (another process may have changed it). */
  reload(): AppSettings {
    this.state = this.load()
    return this.getAll()
  }

  /** The loaded settings, re-read when another process replaced the file since. */
  private current(): Loaded {
    if (this.stamp() !== this.state.stamp) this.state = this.load()
    return this.state
  }

  private stamp(): string {
    try {
      return stampOf(statSync(this.filePath))
    } catch {
      return MISSING
    }
  }

  private load(): Loaded {
    const stamp = this.stamp()
    const read = this.readFile()
    if (read.kind === 'missing') {
      return { settings: defaults(), extras: {}, stamp, writable: true }
    }
    if (read.kind === 'unreadable') {
      this.report({ kind: 'unreadable', detail: read.reason })
      return { settings: defaults(), extras: {}, stamp, writable: false }
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(read.bytes.toString('utf8'))
    } catch {
      return this.damaged(read.bytes, 'not valid JSON', stamp)
    }
    const result = migrate(parsed)
    if (result.status === 'invalid') return this.damaged(read.bytes, 'not a settings object', stamp)
    if (result.status === 'future') {
      this.report({ kind: 'newer', fileVersion: result.fromVersion })
      return { settings: defaults(), extras: {}, stamp, writable: false }
    }
    return { settings: result.settings, extras: result.extras, stamp, writable: true }
  }

  /** Keeps the damaged bytes, then runs on defaults; without a copy, the file stays untouched. */
  private damaged(bytes: Buffer, detail: string, stamp: string): Loaded {
    const keptAs = this.keepCopy(bytes)
    this.report(keptAs ? { kind: 'damaged', detail, keptAs } : { kind: 'damaged-not-kept', detail })
    return { settings: defaults(), extras: {}, stamp, writable: keptAs !== undefined }
  }

  /**
   * Writes `bytes` (what this process read, not the file as it is now: another process may have
   * replaced it since) to `config.json.corrupt-<time>`. A copy with the same bytes, kept earlier by
   * this or another Printdock process, is reused, so restarts do not pile up copies.
   */
  private keepCopy(bytes: Buffer): string | undefined {
    const dir = dirname(this.filePath)
    const prefix = `${basename(this.filePath)}.corrupt-`
    try {
      for (const name of readdirSync(dir)) {
        if (!name.startsWith(prefix)) continue
        const candidate = join(dir, name)
        if (sameBytes(candidate, bytes)) return candidate
      }
      let target = `${this.filePath}.corrupt-${this.now()}`
      if (existsSync(target)) target = `${target}-${process.pid}`
      // 'wx': never replaces a file, even one created between the check above and this write.
      writeFileSync(target, bytes, { flag: 'wx', mode: 0o600 })
      return target
    } catch (error) {
      this.logger.error('Could not keep a copy of the damaged settings file', { error })
      return undefined
    }
  }

  private report(problem: SettingsProblem): void {
    this.logger.warn('Settings file not used as it is; using defaults', { ...problem })
    this.firstProblem ??= problem
  }

  private readFile(): FileRead {
    let bytes: Buffer
    try {
      bytes = readFileSync(this.filePath)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'unreadable', reason: (error as Error).message }
    }
    // An empty file holds nothing to lose (a crash of a non-atomic writer leaves one): defaults.
    if (bytes.toString('utf8').trim() === '') return { kind: 'missing' }
    return { kind: 'bytes', bytes }
  }
}
