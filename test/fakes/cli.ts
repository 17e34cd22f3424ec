/**
 * `npm run sandbox`: starts the five provider sandboxes (fake servers) with demo data and keeps them running
 * until Ctrl+C (SIGINT) or SIGTERM.
 *
 *   --base-port N  first of five consecutive ports: Obico, Makeprintable, Octoblu (with Meshblu),
 *                  Omniport, Zebbra (default 8640; 0 = random ports)
 *   --json         print the connection summary as one JSON line on stdout, nothing else (npm
 *                  prints its own "> printdock@… sandbox" banner on stdout first, which no script
 *                  can stop: scripts run `npm run -s sandbox -- --json`)
 *   --help         usage
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import {
  DEFAULT_BASE_PORT,
  PORTS_USED,
  PortInUseError,
  startAllFakes,
  type AllFakes,
  type FakesSummary
} from './start-all'

/** Parsed command line. */
interface FakesCliOptions {
  basePort: number
  json: boolean
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN
  if (!Number.isInteger(port) || port < 0 || port + PORTS_USED - 1 > 65_535) {
    throw new InvalidArgumentError(
      `give a whole number from 1 to ${65_536 - PORTS_USED}, or 0 for random ports.`
    )
  }
  return port
}

/** The readable block printed without --json. */
export function formatSummary(summary: FakesSummary): string {
  const lines: string[] = ['Printdock sandboxes are running (demo data, in memory only).', '']
  const block = (title: string, rows: [string, string | null | undefined][]) => {
    lines.push(title)
    for (const [label, value] of rows) {
      if (value !== undefined && value !== null && value !== '')
        lines.push(`  ${label.padEnd(15)} ${value}`)
    }
    lines.push('')
  }
  const { obico, makeprintable, octoblu, omniport, zebbra } = summary
  const printing = obico.printers.filter((p) => p.printing).map((p) => p.name)
  block('Obico (self-hosted)', [
    ['Base URL', obico.baseUrl],
    ['Sign in', `${obico.username} / ${obico.password}`],
    [
      'Free user',
      `${obico.freeUser.username} / ${obico.freeUser.password} (free plan, 50 MiB uploads)`
    ],
    ['Client ID', obico.clientId],
    ['Access token', obico.accessToken],
    ['Printers', obico.printers.map((p) => p.name).join(', ')],
    ['Printing now', printing.join(', ')],
    ['Clock', `POST ${obico.controlUrl}/clock/advance?ms=60000 moves every sandbox`],
    [
      'Scenarios',
      `POST ${obico.baseUrl}/__sandbox/obico/scenarios/<print-finishes|print-fails|failure-alert|offline-mid-print>`
    ],
    [
      'Agent',
      `POST ${obico.baseUrl}/__sandbox/obico/printers/agent {"mode":"ignores"} (or "acts", "delayMs")`
    ]
  ])
  block('Makeprintable', [
    ['Base URL', makeprintable.baseUrl],
    ['Sign in', `${makeprintable.username} / ${makeprintable.password}`],
    ['Client ID', makeprintable.clientId],
    ['Client secret', makeprintable.clientSecret],
    ['API key', `${makeprintable.apiKey} (header "key")`],
    ['Access token', makeprintable.accessToken]
  ])
  block('Octoblu', [
    ['OAuth URL', octoblu.baseUrl],
    ['Meshblu URL', octoblu.meshbluBaseUrl],
    ['Sign in', `${octoblu.username} / ${octoblu.password}`],
    ['Client ID', octoblu.clientId],
    ['Client secret', octoblu.clientSecret],
    ['Access token', octoblu.accessToken]
  ])
  block('Omniport', [
    ['Base URL', omniport.baseUrl],
    ['Sign in', `${omniport.username} / ${omniport.password}`],
    ['Client ID', omniport.clientId],
    ['Client secret', omniport.clientSecret],
    ['Access token', `${omniport.accessToken} (until ${omniport.accessTokenExpiresAt})`]
  ])
  block('Zebbra', [
    ['Base URL', zebbra.baseUrl],
    ['Sign in', `${zebbra.username} / ${zebbra.password} (workspace "${zebbra.workspace}")`],
    ['Access token', `${zebbra.accessToken} (until ${zebbra.accessTokenExpiresAt})`]
  ])
  lines.push('These are demo credentials for local servers only.', 'Press Ctrl+C to stop.')
  return lines.join('\n')
}

function parseArgs(argv: string[]): FakesCliOptions | undefined {
  const program = new Command('npm run sandbox')
    .description(
      'Starts local Obico, Makeprintable, Octoblu (with Meshblu), Omniport and Zebbra servers with demo data.'
    )
    .option(
      '--base-port <n>',
      `first of ${PORTS_USED} consecutive ports: Obico, Makeprintable, Octoblu (Meshblu on the same origin), Omniport, Zebbra (0 = random ports)`,
      parsePort,
      DEFAULT_BASE_PORT
    )
    .option(
      '--json',
      "print the connection summary as one JSON line, nothing else (run with `npm run -s` to drop npm's banner)",
      false
    )
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text)
    })
  try {
    program.parse(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help prints and ends with code 0; bad arguments already printed their message.
      process.exitCode = error.exitCode === 0 ? 0 : 2
      return undefined
    }
    throw error
  }
  const opts = program.opts<{ basePort: number; json: boolean }>()
  return { basePort: opts.basePort, json: opts.json === true }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2))
  if (!options) return

  let running: AllFakes
  try {
    running = await startAllFakes({ basePort: options.basePort })
  } catch (error) {
    if (error instanceof PortInUseError) {
      process.stderr.write(
        `Port ${error.port} is already in use, so the sandboxes could not start. ` +
          `Stop the program using it, or pick other ports with --base-port <n> ` +
          `(they use ${PORTS_USED} ports in a row from there).\n`
      )
    } else {
      process.stderr.write(
        `The sandboxes could not start: ${error instanceof Error ? error.message : String(error)}\n`
      )
    }
    process.exit(1)
  }

  if (options.json) process.stdout.write(`${JSON.stringify(running.summary)}\n`)
  else process.stdout.write(`${formatSummary(running.summary)}\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`Stopping the sandboxes (${signal})…\n`)
    running
      .close()
      .then(() => {
        process.stderr.write('Stopped.\n')
        process.exit(0)
      })
      .catch((error: unknown) => {
        process.stderr.write(`Stopping failed: ${String(error)}\n`)
        process.exit(1)
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
