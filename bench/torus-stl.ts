/**
 * Writes a closed, watertight torus as a binary STL of exactly `around × tube × 2` triangles, in
 * pieces, so generating a million triangles never holds the whole file in memory. The default
 * 1000 × 500 grid is the 1,000,000-triangle model of issue 11's benchmarks (50,000,084 bytes).
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export async function writeTorusStl(
  path: string,
  { around = 1000, tube = 500, major = 40, minor = 15 } = {}
): Promise<{ triangles: number; bytes: number }> {
  const triangles = around * tube * 2
  const out = createWriteStream(path)
  const header = Buffer.alloc(84)
  header.write('Printdock benchmark torus', 0, 'latin1')
  header.writeUInt32LE(triangles, 80)
  out.write(header)
  const point = (i: number, j: number): [number, number, number] => {
    const u = ((i % around) / around) * 2 * Math.PI
    const v = ((j % tube) / tube) * 2 * Math.PI
    const ring = major + minor * Math.cos(v)
    return [
      Math.fround(ring * Math.cos(u)),
      Math.fround(ring * Math.sin(u)),
      Math.fround(minor * Math.sin(v))
    ]
  }
  for (let i = 0; i < around; i++) {
    const chunk = Buffer.alloc(tube * 2 * 50)
    let at = 0
    const facet = (a: number[], b: number[], c: number[]): void => {
      at += 12 // normal left zero: readers derive it from the winding
      for (const p of [a, b, c]) {
        for (const value of p) {
          chunk.writeFloatLE(value, at)
          at += 4
        }
      }
      at += 2
    }
    for (let j = 0; j < tube; j++) {
      const p00 = point(i, j)
      const p10 = point(i + 1, j)
      const p01 = point(i, j + 1)
      const p11 = point(i + 1, j + 1)
      facet(p00, p10, p11)
      facet(p00, p11, p01)
    }
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return { triangles, bytes: 84 + 50 * triangles }
}
