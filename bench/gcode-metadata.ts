/**
 * Benchmark: local G-code metadata (issue 10) must take at most 20 ms for a 500 MB file and at
 * most 5 ms for each sample file, because it reads a bounded head and tail (decision 0021).
 *
 * The 500 MB file is generated into the system temp folder with a PrusaSlicer-shaped header (a
 * PNG thumbnail), plain moves and a PrusaSlicer footer, then deleted. Each figure is the median
 * of timed runs after warm-up runs, with the slowest run beside it; the file sits in the page
 * cache, as it does when a user drops a file they just sliced.
 *
 * Run alone: `npx tsx bench/gcode-metadata.ts` or `npm run bench -- gcode`.
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readGcodeMetadata } from '../src/main/core/gcode'

export interface GcodeMetadataTiming {
  name: string
  fileBytes: number
  medianMs: number
  maxMs: number
  targetMs: number
}

const BIG_FILE_BYTES = 500_000_000
const WARM_UP_RUNS = 5
const TIMED_RUNS = 30
const FIXTURES = resolve(import.meta.dirname, '../test/fixtures/gcode')

/** Writes a PrusaSlicer-shaped G-code file of exactly `bytes` bytes. */
async function writeBigGcode(path: string, bytes: number): Promise<void> {
  const sample = readFileSync(
    join(FIXTURES, 'prusaslicer-2.6.0_mini-cube_png-thumbs.gcode'),
    'utf8'
  )
  const header = sample.slice(0, sample.indexOf('M73 P0'))
  const footer = sample.slice(sample.lastIndexOf('; filament used [mm]'))
  let moves = ''
  for (let i = 0; moves.length < 1024 * 1024; i++)
    moves += `G1 X${100 + (i % 90)}.${i % 10} Y${100 + ((i * 7) % 90)}.${i % 7} E.0${(i % 9) + 1}\n`
  const chunk = Buffer.from(moves)
  const out = createWriteStream(path)
  let written = 0
  const write = async (data: Buffer): Promise<void> => {
    written += data.length
    if (!out.write(data)) await once(out, 'drain')
  }
  await write(Buffer.from(header))
  const footerBytes = Buffer.byteLength(footer)
  while (written + chunk.length + footerBytes <= bytes) await write(chunk)
  // Fill the remainder with whole comment lines so the file is exactly `bytes` long.
  let rest = bytes - written - footerBytes
  while (rest > 0) {
    const line =
      rest > 80 ? `;${'-'.repeat(78)}\n` : rest === 1 ? '\n' : `;${'-'.repeat(rest - 2)}\n`
    await write(Buffer.from(line))
    rest -= Buffer.byteLength(line)
  }
  await write(Buffer.from(footer))
  out.end()
  await once(out, 'finish')
}

async function time(path: string): Promise<{ medianMs: number; maxMs: number }> {
  for (let i = 0; i < WARM_UP_RUNS; i++) await readGcodeMetadata(path)
  const runs: number[] = []
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = process.hrtime.bigint()
    await readGcodeMetadata(path)
    runs.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  runs.sort((a, b) => a - b)
  return { medianMs: runs[Math.floor(runs.length / 2)], maxMs: runs[runs.length - 1] }
}

export async function runGcodeMetadataBench(): Promise<GcodeMetadataTiming[]> {
  const results: GcodeMetadataTiming[] = []
  const dir = mkdtempSync(join(tmpdir(), 'printdock-gcode-bench-'))
  try {
    const big = join(dir, 'generated-500mb.gcode')
    await writeBigGcode(big, BIG_FILE_BYTES)
    results.push({
      name: 'generated 500 MB PrusaSlicer G-code',
      fileBytes: BIG_FILE_BYTES,
      ...(await time(big)),
      targetMs: 20
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  for (const name of readdirSync(FIXTURES)
    .filter((f) => /\.b?gcode$/.test(f))
    .sort()) {
    const path = join(FIXTURES, name)
    results.push({ name, fileBytes: readFileSync(path).length, ...(await time(path)), targetMs: 5 })
  }
  return results
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  runGcodeMetadataBench()
    .then((results) => console.table(results))
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
