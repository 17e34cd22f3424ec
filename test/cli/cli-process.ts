/**
 * Runs the real `printdock` program (`node bin/printdock.mjs …`) as a child process: the built
 * CLI, which the cli project's globalSetup (build-cli.ts) builds before the tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join, resolve } from 'node:path'

/** The repo root, resolved from this file. */
export const REPO_ROOT = resolve(__dirname, '../..')
const BIN = join(REPO_ROOT, 'bin/printdock.mjs')

/** How a CLI run ended. */
export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** A CLI run still in progress, readable while it runs. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams
  /** Resolves with the first stdout line that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>
  done: Promise<CliRun>
}

/** Starts `printdock <args>` with `env`; stdin is a pipe (never a TTY), ended after `input`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, input = ''): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: REPO_ROOT })
  let stdout = ''
  let stderr = ''
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const waiter of [...waiters]) {
      const line = stdout.split('\n').find((candidate) => waiter.pattern.test(candidate))
      if (line) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdin.end(input)
  const done = new Promise<CliRun>((resolveRun, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolveRun({ code, stdout, stderr }))
  })
  return {
    child,
    done,
    waitForLine(pattern, timeoutMs = 15_000) {
      const existing = stdout.split('\n').find((line) => pattern.test(line))
      if (existing) return Promise.resolve(existing)
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no stdout line matched ${pattern}; stdout: ${stdout}; stderr: ${stderr}`)
            ),
          timeoutMs
        )
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer)
            resolveLine(line)
          }
        })
        void done.then(() => {
          clearTimeout(timer)
          reject(
            new Error(
              `printdock exited before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`
            )
          )
        })
      })
    }
  }
}

/** Runs `printdock <args>` to the end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CliRun> {
  return startCli(args, env, input).done
}
