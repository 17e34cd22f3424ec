import { spawn } from 'node:child_process'
import type { BrowserLauncher } from '../main/core/platform/browser-launcher'

/** The opener program and its arguments for one OS; the URL is always a separate argv entry. */
export function openerCommand(
  url: string,
  platform: NodeJS.Platform = process.platform
): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]]
  // `start` is a cmd.exe built-in, so it needs a shell that would re-parse `&` in the URL;
  // url.dll's FileProtocolHandler opens the default browser with the URL as one plain argument.
  if (platform === 'win32') return ['rundll32.exe', ['url.dll,FileProtocolHandler', url]]
  return ['xdg-open', [url]]
}

/** Options for `createSystemBrowser`. */
export interface SystemBrowserOptions {
  /** Where the fallback text goes (the URL is printed when no browser could be started). */
  write: (text: string) => void
  platform?: NodeJS.Platform
}

/**
 * Opens the user's default browser (RFC 8252 §8.12: never an embedded view) without a shell:
 * `xdg-open`, `open` or url.dll, detached so the browser outlives the CLI. Only http(s) URLs are
 * opened. When the opener is missing or fails, the URL is printed so the user can open it.
 */
export function createSystemBrowser(options: SystemBrowserOptions): BrowserLauncher {
  return {
    async open(url: string): Promise<void> {
      const protocol = new URL(url).protocol
      if (protocol !== 'https:' && protocol !== 'http:') {
        throw new Error(`Refusing to open a ${protocol} address in the browser.`)
      }
      const [command, args] = openerCommand(url, options.platform)
      const started = await new Promise<boolean>((resolve) => {
        try {
          const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true })
          child.once('error', () => resolve(false))
          child.once('spawn', () => {
            child.unref()
            resolve(true)
          })
        } catch {
          resolve(false)
        }
      })
      if (!started) {
        options.write(
          `Couldn't start a browser (${command}). Open this address to sign in:\n${url}\n`
        )
      }
    }
  }
}

/** `--no-browser`: prints the authorization URL on a line of its own instead of opening it. */
export function createPrintingBrowser(write: (text: string) => void): BrowserLauncher {
  return {
    async open(url: string): Promise<void> {
      write(`Open this address in your browser to sign in:\n${url}\n`)
    }
  }
}
