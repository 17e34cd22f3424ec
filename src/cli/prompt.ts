import { createInterface } from 'node:readline'
import { AppError } from '../main/core/errors'

/** The streams a command talks through (the real process streams, except in tests). */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown }
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

/** True when a person can answer a question: stdin and stderr are both terminals. */
export function canAsk(io: CliIo): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true
}

/** Reads all of stdin (for `--password-stdin`, `--token -`); one trailing newline is dropped. */
export async function readAllStdin(io: CliIo): Promise<string> {
  let text = ''
  for await (const chunk of io.stdin) text += String(chunk)
  return text.replace(/\r?\n$/, '')
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true })
  try {
    const answer = await new Promise<string>((resolve) =>
      rl.question(`${question} [y/N] `, resolve)
    )
    return /^(y|yes)$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}

/**
 * Reads a line from the terminal without echoing it (a password). Ctrl+C cancels with
 * `auth/cancelled`; Backspace works. The text is never written anywhere.
 */
export function readHidden(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin
  if (!input.isTTY || !input.setRawMode) {
    throw new AppError(
      'ipc/invalid-arguments',
      'No terminal to type the password on: use --password-stdin.'
    )
  }
  io.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const done = (error?: Error) => {
      input.removeListener('data', onData)
      input.setRawMode?.(false)
      input.pause()
      io.stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done()
        if (char === '\u0003') return done(new AppError('auth/cancelled', 'Cancelled.'))
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else if (char >= ' ') value += char
      }
    }
    input.on('data', onData)
  })
}
