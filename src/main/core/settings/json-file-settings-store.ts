import { copyFileSync, readFileSync } from 'node:fs'
import { nullLogger, type Logger } from '../logger'
import { writeFileAtomicSync } from './atomic-file'
import { migrate, type SettingsMigrationStatus } from './settings-migrations'
import { parseSettingValue, type AppSettings } from './settings-schema'
import type { SettingsStore } from './settings-store'

/** Options for `JsonFileSettingsStore`. */
export interface JsonFileSettingsStoreOptions {
  /** Usually `settingsFilePath()` from `../paths`: `config.json` in the data folder. */
  filePath: string
  logger?: Logger
}

type FileRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'parsed'; value: unknown }

/**
 * Settings in a JSON file with electron-store's layout (`config.json`, tab-indented JSON object,
 * one key per setting), so the Electron app and the CLI share one file.
 *
 * Every `set` re-reads the file, applies the one change and replaces the file atomically, so two
 * processes changing different keys do not undo each other. A file written by a newer Printdock
 * (higher `schemaVersion`), or one that cannot be read, is never overwritten: this build runs on
 * defaults and keeps changes in memory. An unparseable file is copied to `config.json.corrupt` before the first write.
 */
export class JsonFileSettingsStore implements SettingsStore<AppSettings> {
  private readonly filePath: string
  private readonly logger: Logger
  private settings: AppSettings
  private status: SettingsMigrationStatus | 'unreadable' | 'corrupt' = 'current'

  constructor(options: JsonFileSettingsStoreOptions) {
    this.filePath = options.filePath
    this.logger = options.logger ?? nullLogger
    this.settings = this.load().settings
  }

  /** True when the file belongs to a newer Printdock or cannot be read, so nothing is written. */
  get isReadOnly(): boolean {
    return this.status === 'future' || this.status === 'unreadable'
  }

  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return structuredClone(this.settings[key])
  }

  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    this.update({ [key]: value } as Partial<AppSettings>)
  }

  getAll(): AppSettings {
    return structuredClone(this.settings)
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
    this.settings = next
    if (this.status === 'future' || this.status === 'unreadable') {
      // A newer Printdock's file, or one we cannot read (permissions, I/O error): writing our
      // defaults over it would lose the user's settings, so changes live for this run only.
      this.logger.warn('Settings file cannot be updated; changes are kept for this run only', {
        file: this.filePath,
        reason: this.status
      })
      return this.getAll()
    }
    if (this.status === 'corrupt') {
      copyFileSync(this.filePath, `${this.filePath}.corrupt`)
      this.logger.warn('Settings file was unreadable; a copy was kept as config.json.corrupt')
    }
    writeFileAtomicSync(
      this.filePath,
      JSON.stringify({ ...fresh.extras, ...next }, undefined, '\t')
    )
    this.status = 'current'
    return this.getAll()
  }

  /** Reads the file again (another process may have changed it). */
  reload(): AppSettings {
    this.settings = this.load().settings
    return this.getAll()
  }

  private load(): { settings: AppSettings; extras: Record<string, unknown> } {
    const read = this.readFile()
    if (read.kind === 'unreadable' || read.kind === 'corrupt') {
      this.status = read.kind
      this.logger.warn('Settings file could not be read; using defaults', { reason: read.reason })
      return { settings: migrate(undefined).settings, extras: {} }
    }
    const result = migrate(read.kind === 'parsed' ? read.value : undefined)
    this.status = result.status
    if (result.status === 'future') {
      this.logger.warn('Settings file was written by a newer Printdock; using defaults', {
        fileVersion: result.fromVersion
      })
    } else if (result.status === 'invalid') {
      this.logger.warn('Settings file has an unexpected shape; using defaults')
    }
    return { settings: result.settings, extras: result.extras }
  }

  private readFile(): FileRead {
    let text: string
    try {
      text = readFileSync(this.filePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'unreadable', reason: (error as Error).message }
    }
    if (text.trim() === '') return { kind: 'missing' }
    try {
      return { kind: 'parsed', value: JSON.parse(text) as unknown }
    } catch (error) {
      return { kind: 'corrupt', reason: (error as Error).message }
    }
  }
}
