/**
 * The comment lines of a G-code sample (head and tail), indexed the three ways slicers write
 * settings: `; key = value` (PrusaSlicer family, Slic3r, KISSlicer), `;KEY:value` and
 * `; key: value` (Cura, ideaMaker, Bambu Studio's header) and `;   key,value` (Simplify3D).
 * The first occurrence of a key wins: headers come before footers, and a setting repeated later
 * (KISSlicer's per-style blocks) is a variant, not a correction.
 */

/** One sample of a text G-code file, split into whole lines. */
export interface GcodeLines {
  /** Lines of the head, without line breaks (a final partial line is dropped). */
  head: string[]
  /** Lines of the tail that do not overlap the head (a first partial line is dropped). */
  tail: string[]
}

/** The whole lines of a decoded head (a final partial line is dropped unless it ends the file). */
export function headLines(head: string, headIsWholeFile: boolean): string[] {
  const lines = head.split('\n')
  if (!headIsWholeFile) lines.pop()
  return head.includes('\r') ? lines.map(stripCr) : lines
}

/** The whole lines of a decoded tail (a first partial line is dropped unless it follows the head). */
export function tailLines(tail: string, tailFollowsHead: boolean): string[] {
  if (tail === '') return []
  const lines = tail.split('\n')
  if (!tailFollowsHead) lines.shift()
  return tail.includes('\r') ? lines.map(stripCr) : lines
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

const THUMBNAIL_BEGIN = /^;\s*thumbnail(?:_[A-Za-z]+)?\s+begin\b/
const THUMBNAIL_END = /^;\s*thumbnail(?:_[A-Za-z]+)?\s+end\b/

/** The comment text of a line (after `;` and spaces), or undefined for a command line. */
export function commentText(line: string): string | undefined {
  let at = 0
  // Most lines are moves: decide on the first character without allocating.
  while (line.charCodeAt(at) === 32 || line.charCodeAt(at) === 9) at++
  if (line.charCodeAt(at) !== 59 /* ; */) return undefined
  while (line.charCodeAt(at) === 59) at++
  while (line.charCodeAt(at) === 32 || line.charCodeAt(at) === 9) at++
  return line.slice(at)
}

export class CommentIndex {
  /** Comment texts, head first, without thumbnail payloads. */
  readonly comments: string[] = []
  private readonly equals = new Map<string, string>()
  private readonly colons = new Map<string, string>()
  private readonly commas = new Map<string, string>()

  constructor(lines: GcodeLines) {
    for (const part of [lines.head, lines.tail]) {
      let inThumbnail = false
      for (const line of part) {
        if (inThumbnail) {
          if (line.includes('thumbnail') && THUMBNAIL_END.test(line)) inThumbnail = false
          continue
        }
        const text = commentText(line)
        if (text === undefined || text === '') continue
        if (text.startsWith('thumbnail') && THUMBNAIL_BEGIN.test(line)) {
          inThumbnail = true
          continue
        }
        this.comments.push(text)
        this.index(text)
      }
    }
  }

  private index(text: string): void {
    const eq = text.indexOf(' = ')
    if (eq > 0) remember(this.equals, text.slice(0, eq), text.slice(eq + 3))
    else if (text.endsWith(' =')) remember(this.equals, text.slice(0, -2), '')
    const colon = text.indexOf(':')
    if (colon > 0) remember(this.colons, text.slice(0, colon), text.slice(colon + 1))
    const comma = text.indexOf(',')
    if (comma > 0) remember(this.commas, text.slice(0, comma), text.slice(comma + 1))
  }

  /** `; key = value` */
  equal(key: string): string | undefined {
    return this.equals.get(key)
  }

  /** `;KEY:value` or `; key : value` (key compared without surrounding spaces). */
  colon(key: string): string | undefined {
    return this.colons.get(key)
  }

  /** `;   key,value` */
  comma(key: string): string | undefined {
    return this.commas.get(key)
  }

  /** The first comment matching `pattern`; its first capture group (or the whole match). */
  find(pattern: RegExp): string | undefined {
    for (const text of this.comments) {
      const match = pattern.exec(text)
      if (match) return match[1] ?? match[0]
    }
    return undefined
  }

  /** Every comment matching `pattern` (first capture group or whole match). */
  findAll(pattern: RegExp): string[] {
    const found: string[] = []
    for (const text of this.comments) {
      const match = pattern.exec(text)
      if (match) found.push(match[1] ?? match[0])
    }
    return found
  }
}

function remember(map: Map<string, string>, key: string, value: string): void {
  const name = key.trim()
  if (name !== '' && !map.has(name)) map.set(name, value.trim())
}
