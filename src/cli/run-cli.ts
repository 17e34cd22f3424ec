import { Command, CommanderError } from 'commander'
import { AppError } from '../main/core/errors'
import { redactText } from '../main/core/logger'
import { CliError } from './cli-error'
import { accountCommand } from './commands/account'
import { accountsCommand } from './commands/accounts'
import { inspectCommand } from './commands/inspect'
import { analyzePlateCommand } from './commands/analyze-plate'
import { askCommand } from './commands/ask'
import { mkdirCommand, mvCommand, rmCommand } from './commands/library/folders'
import { lsCommand } from './commands/library/ls'
import { uploadCommand } from './commands/library/upload'
import { linkCommand } from './commands/link'
import { printerCommand } from './commands/printer-commands'
import { alertsCommand, printersCommand, watchCommand } from './commands/printers'
import { printsCommand } from './commands/prints'
import { repairCommand } from './commands/repair'
import { messageCommand } from './commands/message'
import { unlinkCommand } from './commands/unlink'
import { CliContext } from './context'
import { EXIT_CODES_HELP, ExitCode, exitCodeForError, type ExitCodeValue } from './exit-codes'
import type { CliIo } from './prompt'

/**
 * Runs `printdock` with `argv` (without node and script) and resolves with the exit code.
 * Errors become one plain-language line on stderr; stack traces only with `--debug`.
 */
export async function runCli(
  argv: string[],
  io: CliIo = process,
  env: NodeJS.ProcessEnv = process.env
): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.Ok
  const done = (code: ExitCodeValue) => {
    exitCode = code
  }
  const program = new Command('printdock')
  const context = new CliContext(io, env, () => program.opts<{ debug?: boolean }>().debug === true)

  program
    .description(
      'Printdock from the terminal: link your 3D-printing accounts, watch and control your printers, keep your G-code library, inspect and repair 3D models.'
    )
    .option('--debug', 'print log lines and stack traces on stderr')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text)
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
  program.addCommand(linkCommand(context, done))
  program.addCommand(accountsCommand(context, done))
  program.addCommand(unlinkCommand(context, done))
  program.addCommand(printersCommand(context, done))
  program.addCommand(watchCommand(context))
  for (const command of ['pause', 'resume', 'cancel'] as const) {
    program.addCommand(printerCommand(command, context, done))
  }
  program.addCommand(alertsCommand(context, done))
  program.addCommand(printsCommand(context, done))
  program.addCommand(inspectCommand(context, done))
  program.addCommand(repairCommand(context, done))
  program.addCommand(accountCommand(context, done))
  program.addCommand(messageCommand(context, done))
  program.addCommand(askCommand(context, done))
  program.addCommand(analyzePlateCommand(context, done))
  program.addCommand(lsCommand(context, done))
  program.addCommand(uploadCommand(context, done))
  program.addCommand(mkdirCommand(context, done))
  program.addCommand(mvCommand(context, done))
  program.addCommand(rmCommand(context, done))
  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text)
      })
      .showHelpAfterError(`(add --help for usage: printdock ${command.name()} --help)`)
  }

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true })
      return ExitCode.Usage
    }
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    return report(error, io, argv.includes('--debug'))
  } finally {
    context.dispose()
  }
}

function report(error: unknown, io: CliIo, debug: boolean): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Help and version are "errors" under exitOverride; commander already printed its message.
    if (error.exitCode === 0) return ExitCode.Ok
    return ExitCode.Usage
  }
  const stack = debug && error instanceof Error && error.stack ? `\n${redactText(error.stack)}` : ''
  if (error instanceof CliError) {
    io.stderr.write(`printdock: ${error.message}${stack}\n`)
    return error.exitCode
  }
  if (error instanceof AppError) {
    io.stderr.write(`printdock: ${redactText(error.message)}${stack}\n`)
    return exitCodeForError(error.code)
  }
  const message = error instanceof Error ? redactText(error.message) : 'unknown error'
  io.stderr.write(
    `printdock: Something went wrong (${message}).${stack || ' Run again with --debug for details.'}\n`
  )
  return ExitCode.Failure
}
