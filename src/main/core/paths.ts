import { homedir } from 'node:os'
import { join } from 'node:path'

/** The name Electron derives `userData` from; the CLI must use the same folder. */
const APP_NAME = 'Printdock'

/** What `appDataDir` reads, injectable so each OS's rule can be tested on any OS. */
export interface PathEnvironment {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
}

const currentEnvironment = (): PathEnvironment => ({
  env: process.env,
  platform: process.platform,
  home: homedir()
})

/**
 * Printdock's data folder, computed the way Electron computes `app.getPath('userData')` for the
 * app name "Printdock", so the CLI and the app read the same settings and accounts files:
 * Linux `$XDG_CONFIG_HOME/Printdock` (or `~/.config/Printdock`), macOS
 * `~/Library/Application Support/Printdock`, Windows `%APPDATA%\Printdock`.
 *
 * `PRINTDOCK_HOME` overrides it (tests, portable installs). Electron main should call
 * `app.setPath('userData', appDataDir())` before anything reads `userData`, so a missing
 * `productName` can never split the two apart.
 */
export function appDataDir(environment: PathEnvironment = currentEnvironment()): string {
  const { env, platform, home } = environment
  const override = env.PRINTDOCK_HOME?.trim()
  if (override) return override
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  if (platform === 'win32') {
    const roaming = env.APPDATA?.trim() || join(home, 'AppData', 'Roaming')
    return join(roaming, APP_NAME)
  }
  // Electron (Chromium's base::nix::GetXDGDirectory) uses XDG_CONFIG_HOME only when it is set
  // and non-empty; otherwise ~/.config.
  const config = env.XDG_CONFIG_HOME?.trim() || join(home, '.config')
  return join(config, APP_NAME)
}

/** The settings file, `config.json` in the data folder (the name electron-store used, so older files are read). */
export function settingsFilePath(dataDir: string = appDataDir()): string {
  return join(dataDir, 'config.json')
}

/** The account registry (non-secret account records). */
export function accountsFilePath(dataDir: string = appDataDir()): string {
  return join(dataDir, 'accounts.json')
}

/** Encrypted per-account files of the safeStorage vault (Electron only). */
export function secretsDir(dataDir: string = appDataDir()): string {
  return join(dataDir, 'secrets')
}
