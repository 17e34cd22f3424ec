import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { Command } from 'commander'
import type { PlateImageSource } from '../../shared/models/obico-ai'
import { CliError } from '../cli-error'
import type { CliContext } from '../context'
import { EXIT_CODES_HELP, ExitCode, type ExitCodeValue } from '../exit-codes'
import { selectPrinters } from '../printer-select'
import { assistantAccount, cliLanguage } from './assistant-account'
import { creditsText } from './ask'

/** The largest picture sent (the data URL stays under the server-side cap). */
const MAX_IMAGE_BYTES = 9 * 1024 * 1024

/** The picture's type from its first bytes (not its name). */
export function imageType(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png'
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  return undefined
}

/** A picture on disk as a data URL, held in memory only. Undefined when no such file exists. */
async function pictureFromDisk(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return undefined
  if (info.size > MAX_IMAGE_BYTES) {
    throw new CliError(ExitCode.Usage, `${path} is larger than 9 MB; send a smaller picture.`)
  }
  const bytes = await readFile(path)
  const type = imageType(bytes)
  if (!type) throw new CliError(ExitCode.Usage, `${path} is not a JPEG, PNG or WebP picture.`)
  return `data:image/${type};base64,${bytes.toString('base64')}`
}

/** `printdock analyze-plate <printer|image> [--json]`. */
export function analyzePlateCommand(
  context: CliContext,
  done: (code: ExitCodeValue) => void
): Command {
  return new Command('analyze-plate')
    .description(
      "Send a printer's current webcam snapshot, or a picture file, to Obico's AI for a plate analysis (one AI credit)."
    )
    .argument('<printer|image>', 'a printer (name or id) or a JPEG/PNG/WebP file')
    .option('--account <account>', 'the Obico account to use for a picture file (id or name)')
    .option('--lang <tag>', 'the language of the server’s messages (default: from LANG)')
    .option('--json', 'print the analysis as JSON (without the picture)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(
      async (target: string, options: { account?: string; lang?: string; json?: boolean }) => {
        const lang = cliLanguage(options.lang, context.env)
        const dataUrl = await pictureFromDisk(target)
        let source: PlateImageSource
        let accountName = options.account
        const services = await context.open()
        if (dataUrl) {
          source = { kind: 'image', dataUrl }
        } else {
          await services.printers.start()
          const view = (await services.printers.refresh()).value
          const printer = selectPrinters(view.printers, [target])[0]
          source = { kind: 'printer', printerId: printer.id }
          accountName = printer.accountId
        }
        const { ai, account } = await assistantAccount(context, accountName, lang, services)
        context.io.stderr.write(
          `Sending ${dataUrl ? 'the picture' : `${target}'s current snapshot`} for analysis: this uses one AI credit.\n`
        )
        const result = await ai.analyzePlate(randomUUID(), { accountId: account.id, source, lang })
        if (options.json) {
          const { imageDataUrl: _image, ...rest } = result
          context.io.stdout.write(JSON.stringify(rest, null, 2) + '\n')
        } else {
          context.io.stdout.write(`${result.text}\n`)
          if (result.suggestedPrintingMethod) {
            context.io.stdout.write(
              `\nSuggested printing method: ${result.suggestedPrintingMethod}\n`
            )
          }
          context.io.stderr.write(`${creditsText(result.credits)}\n`)
        }
        done(ExitCode.Ok)
      }
    )
}
