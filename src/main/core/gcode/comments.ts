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
  /** Comment lines of the tail (a first partial line is dropped); its moves are not needed. */
  tail: string[]
}

/** The whole lines of a decoded head (a final partial line is dropped unless it ends the file). */
export function headLines(head: string, headIsWholeFile: boolean): string[] {
  const lines = head.split('\n')
  if (!headIsWholeFile) lines.pop()
  return head.includes('\r') ? lines.map(stripCr) : lines
}

/**
 * The comment lines (`;…`) of the tail, decoded as Latin-1, found by jumping in the bytes from
 * one line break followed by `;` to the next: the moves between them, most of the tail, are
 * never decoded. A first partial line is dropped unless the tail follows the head.
 */
export function tailComments(tail: Buffer, tailFollowsHead: boolean): string[] {
  const comments: string[] = []
  const firstLine = tailFollowsHead ? 0 : tail.indexOf(0x0a) + 1
  if (firstLine === 0 && !tailFollowsHead) return comments // no whole line at all
  let start = tail[firstLine] === 0x3b /* ; */ ? firstLine : nextComment(tail, firstLine)
  while (start !== -1) {
    const end = tail.indexOf(0x0a, start)
    comments.push(stripCr(tail.toString('latin1', start, end === -1 ? tail.length : end)))
    start = end === -1 ? -1 : nextComment(tail, end)
  }
  return comments
}

/** Where the next line starting with `;` begins, searching from `from`; -1 when none. */
function nextComment(bytes: Buffer, from: number): number {
  const at = bytes.indexOf('\n;', from, 'latin1')
  return at === -1 ? -1 : at + 1
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
  // Each way of writing settings is indexed on first use: a dialect asks for one or two of them.
  private equals: Map<string, string> | undefined
  private colons: Map<string, string> | undefined
  private commas: Map<string, string> | undefined

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
      }
    }
  }

  /** `; key = value` (a bare `; key =` is an empty value). */
  equal(key: string): string | undefined {
    this.equals ??= this.indexBy((text) => {
      const at = text.indexOf(' = ')
      if (at > 0) return [text.slice(0, at), text.slice(at + 3)]
      return text.endsWith(' =') ? [text.slice(0, -2), ''] : undefined
    })
    return this.equals.get(key)
  }

  /** `;KEY:value` or `; key : value` (key compared without surrounding spaces). */
  colon(key: string): string | undefined {
    this.colons ??= this.indexBy(splitAt(':'))
    return this.colons.get(key)
  }

  /** `;   key,value` */
  comma(key: string): string | undefined {
    this.commas ??= this.indexBy(splitAt(','))
    return this.commas.get(key)
  }

  private indexBy(split: (text: string) => [string, string] | undefined): Map<string, string> {
    const map = new Map<string, string>()
    for (const text of this.comments) {
      const pair = split(text)
      if (!pair) continue
      const key = pair[0].trim()
      if (key !== '' && !map.has(key)) map.set(key, pair[1].trim())
    }
    return map
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

function splitAt(separator: string): (text: string) => [string, string] | undefined {
  return (text) => {
    const at = text.indexOf(separator)
    return at > 0 ? [text.slice(0, at), text.slice(at + 1)] : undefined
  }
}
