/**
 * What the library needs to know about a local file before sending it: is it text G-code, Prusa's
 * binary G-code or something else (Obico stores only text G-code, obico-api.md §2.5), and its
 * largest embedded thumbnail, shown for the file once it is uploaded. Answered by the metadata
 * reader in `core/gcode` from a bounded head and tail of the file (decision 0021).
 */
import { readGcodeMetadata } from '../gcode'
import type { GcodeMetadata } from '../../../shared/models/gcode'

export type { GcodeKind } from '../../../shared/models/gcode'

/** The part of a file's metadata an upload uses. */
export type GcodeFacts = Pick<GcodeMetadata, 'kind' | 'notGcodeReason' | 'preview'>

/** Reads a local file's facts (never the whole file). */
export type InspectGcode = (path: string) => Promise<GcodeFacts>

/** The default: the metadata reader of `core/gcode`. */
export const inspectGcode: InspectGcode = (path) => readGcodeMetadata(path)
