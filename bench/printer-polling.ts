/**
 * Benchmark: printer polling costs one `GET /api/v1/printers/` per account per interval, whatever
 * the number of printers (issue 9, "Performance"). Measured at 1, 20 and 200 printers on one
 * account of the Obico fake, each printer printing:
 * - requests per minute while a window watches (5 s interval) and while nobody does (30 s), over
 *   five simulated minutes on a manual clock (the HTTP is real, to the fake on loopback);
 * - the median time of one read (request, validation, normalisation, diff) at each size.
 *
 * Run alone: `npx tsx bench/printer-polling.ts` (prints the Markdown rows). `npm run bench` runs it
 * once bench/run.ts calls `printPrinterPollingRows()` (left to the merge with printers-ui, which
 * reworked run.ts at the same time).
 */
import { ManualClock } from '../src/main/core/clock'
import { Emitter } from '../src/main/core/events'
import { createHttpClient } from '../src/main/core/http'
import { PrinterService } from '../src/main/core/printers/printer-service'
import type { AccountSummary } from '../src/shared/models/account'
import { FakeClock } from '../test/fakes/kit'
import { startObicoFake } from '../test/fakes/obico'

export interface PollingRow {
  printers: number
  watchedPerMinute: number
  unwatchedPerMinute: number
  medianReadMs: number
}

const SIMULATED_MINUTES = 5

async function measure(printerCount: number): Promise<PollingRow> {
  const fake = await startObicoFake({ seed: 'empty', clock: new FakeClock({ frozen: true }) })
  try {
    const user = fake.createUser({ email: 'farm@example.com', password: 'pw' })
    for (let i = 0; i < printerCount; i++) {
      const id = fake.printers.add({
        name: `Printer ${i + 1}`,
        userId: user.id,
        agent: i % 2 ? 'moonraker_obico' : 'octoprint_obico'
      })
      fake.printers.startPrint(id, { filename: `part-${i}.gcode`, durationSeconds: 7200 })
    }
    const token = fake.createAdminToken(user.id)
    const account: AccountSummary = {
      id: 'obico:bench',
      provider: 'obico',
      providerLabel: 'Obico (bench)',
      serverOrigin: fake.baseUrl,
      displayName: 'farm@example.com',
      identity: [],
      state: 'linked',
      credential: 'pasted-token',
      storage: 'memory',
      linkedAt: new Date(0).toISOString()
    }
    const http = createHttpClient()
    let listRequests = 0
    const readTimes: number[] = []
    const clock = new ManualClock(Date.now())
    const service = new PrinterService({
      accounts: {
        listAccounts: async () => [account],
        onDidChangeAccounts: new Emitter<never>().event,
        authorizedRequest: async (_id, request) => {
          if (request.url === '/api/v1/printers/') listRequests += 1
          const started = performance.now()
          const response = await http.request({
            ...request,
            url: new URL(request.url, `${fake.baseUrl}/`).toString(),
            headers: { ...request.headers, Authorization: `Bearer ${token}` }
          })
          readTimes.push(performance.now() - started)
          return response
        }
      },
      http,
      clock
    })
    await service.start()
    const run = async (watched: boolean): Promise<number> => {
      service.setWatched(watched)
      await settle()
      const before = listRequests
      // 100 ms steps; each read settles before the clock moves on.
      for (let t = 0; t < SIMULATED_MINUTES * 60_000; t += 100) {
        clock.advance(100)
        fake.clock.advance(100)
        await settle()
      }
      return (listRequests - before) / SIMULATED_MINUTES
    }
    const unwatchedPerMinute = await run(false)
    const watchedPerMinute = await run(true)
    service.dispose()
    readTimes.sort((a, b) => a - b)
    return {
      printers: printerCount,
      watchedPerMinute,
      unwatchedPerMinute,
      medianReadMs: readTimes[Math.floor(readTimes.length / 2)] ?? 0
    }
  } finally {
    await fake.close()
  }
}

/** Lets pending reads finish: real I/O to the fake on loopback. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setTimeout(resolve, 1))
}

export async function runPrinterPollingBench(): Promise<PollingRow[]> {
  const rows: PollingRow[] = []
  for (const count of [1, 20, 200]) rows.push(await measure(count))
  return rows
}

/** Runs the benchmark and prints its rows in `npm run bench`'s table format. */
export async function printPrinterPollingRows(
  log: (line: string) => void = console.log
): Promise<void> {
  const rows = await runPrinterPollingBench()
  const independent = rows.every(
    (row) =>
      row.watchedPerMinute === rows[0].watchedPerMinute &&
      row.unwatchedPerMinute === rows[0].unwatchedPerMinute
  )
  for (const row of rows) {
    log(
      `| printer polling, ${row.printers} printer(s) on one account | ${row.watchedPerMinute} requests/min watched, ${row.unwatchedPerMinute} unwatched; median read ${row.medianReadMs.toFixed(1)} ms | the same at 1, 20 and 200 printers | ${independent ? 'yes' : 'NO'} |`
    )
  }
}

if (process.argv[1]?.endsWith('printer-polling.ts')) {
  console.log('| benchmark | figure | target | met |\n|---|---|---|---|')
  printPrinterPollingRows().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
