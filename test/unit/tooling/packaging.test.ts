import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * electron-builder.yml is only read by `npm run dist`, which no test runs; a broken scheme
 * registration or a packed native module would surface only in a released build. These checks
 * pin the parts the printdock: deep link and the keychain depend on.
 */
// js-yaml comes with electron-builder, which parses this same file with it; it ships no types,
// hence require and the one signature used.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

const ROOT = process.cwd()

interface BuilderConfig {
  appId?: string
  asarUnpack?: string | string[]
  protocols?: { name?: string; schemes?: string[] }[]
  mac?: { target?: unknown }
  win?: { target?: unknown }
  linux?: { target?: unknown; desktop?: { entry?: Record<string, string> } }
  electronFuses?: Record<string, unknown>
}

const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig

/** electron-builder accepts a target as a string, `{ target }`, or a list of either. */
function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target === undefined ? [] : [target]
  return list.map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { target?: unknown }).target)
  )
}

/** minimatch-free check: does one of the globs unpack files under node_modules/<pkg>/? */
function unpacks(globs: string[], pkg: string): boolean {
  return globs.some((glob) => {
    const prefix = `node_modules/${pkg}`
    if (!glob.startsWith(prefix)) return false
    const rest = glob.slice(prefix.length)
    // `@napi-rs/keyring/**` and `@napi-rs/keyring*/**` (the platform binary packages) both count.
    return rest === '/**' || rest === '/**/*' || rest === '*/**' || rest === '*/**/*'
  })
}

describe('electron-builder.yml', () => {
  it('has the app id', () => {
    expect(config.appId).toBe('app.printdock.desktop')
  })

  it('registers the printdock: scheme (macOS Info.plist, Windows registry)', () => {
    expect(config.protocols?.[0]?.schemes).toEqual(['printdock'])
  })

  it('registers the scheme in the Linux .desktop entry, passing the URL with %u', () => {
    const entry = config.linux?.desktop?.entry ?? {}
    expect(entry.Exec).toMatch(/ %u$/)
    expect(entry.MimeType?.split(';')).toContain('x-scheme-handler/printdock')
    expect(entry.MimeType).toContain('x-scheme-handler/printdock;')
  })

  it('builds AppImage, deb, dmg and nsis', () => {
    const targets = [config.mac, config.win, config.linux].flatMap((os) => targetNames(os?.target))
    expect(targets).toEqual(expect.arrayContaining(['AppImage', 'deb', 'dmg', 'nsis']))
  })

  it('flips every hardening fuse, each to its safe value (decision 0014)', () => {
    // The whole object, so a fuse dropped or added without a decision fails here too.
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })

  it('electron-builder accepts the file, and would refuse a misspelt fuse', async () => {
    // electron-builder's own check of the config (its JSON schema), which `npm run dist` runs
    // before packaging; it is not exported from the package root, hence the path.
    const requireHere = createRequire(import.meta.url)
    const { validateConfiguration } = requireHere('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = requireHere('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown
    }
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false))
    ).resolves.toBeUndefined()
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/
    )
  })

  it('unpacks the native keychain binding from the asar', () => {
    const globs = [config.asarUnpack ?? []].flat()
    expect(unpacks(globs, '@napi-rs/keyring')).toBe(true)
  })
})

const desktopFile = join(ROOT, 'resources/linux/printdock.desktop')

describe.runIf(existsSync(desktopFile))('resources/linux/printdock.desktop', () => {
  const entry = Object.fromEntries(
    readFileSync(desktopFile, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Za-z]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()])
  )

  it('matches the builder entry: same MimeType, Exec passing %u', () => {
    expect(entry.Type).toBe('Application')
    expect(entry.Exec).toMatch(/ %u$/)
    expect(entry.MimeType).toBe(config.linux?.desktop?.entry?.MimeType)
  })
})
