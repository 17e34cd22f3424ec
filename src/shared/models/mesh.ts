/**
 * The mesh health report (issue 11): what Printdock finds in a model before anything is sent to a
 * repair service. Computed in main (src/main/core/mesh), shown by the Repair screen and
 * `printdock inspect`.
 */

/** How the file was read. */
export type MeshFormat = 'stl-binary' | 'stl-ascii' | 'obj' | '3mf'

/** A print bed the report checks the model against (src/main/core/mesh/print-beds.ts). */
export interface PrintBedFit {
  name: string
  /** Build volume in millimetres: x, y, z. */
  size: [number, number, number]
  /** True when the model fits, allowing a quarter turn about the vertical axis. */
  fits: boolean
}

/** Everything the health check found in one mesh. */
export interface MeshHealthReport {
  format: MeshFormat
  triangles: number
  /** Distinct vertices after merging corners with identical coordinates. */
  vertices: number
  /** Bounding box in millimetres (file units are taken as millimetres). */
  size: { x: number; y: number; z: number }
  min: [number, number, number]
  max: [number, number, number]
  /** Enclosed volume in mm³; null unless every shell is closed and consistently oriented. */
  volumeMm3: number | null
  /** Parts joined by shared edges. */
  shells: number
  /** Edges used by one triangle only (the rims of holes). */
  openEdges: number
  /** Loops of open edges. */
  holes: number
  /** Edges shared by more than two triangles. */
  nonManifoldEdges: number
  /** Triangles with no area (a repeated corner, or three corners on one line). */
  degenerateTriangles: number
  /** Triangles wound against their neighbours (the smaller side of each disagreeing part). */
  inconsistentFaces: number
  /** Edges that two neighbouring triangles run in the same direction. */
  inconsistentEdges: number
  beds: PrintBedFit[]
  /** True when nothing above needs fixing (bed fit is advice, not a defect). */
  printable: boolean
  /** "Looks printable." or "Needs repair, because …". */
  verdict: string
}

/** One mesh inside a file (a ZIP can hold several). */
export interface MeshEntryReport {
  /** The file name, or the entry's path inside a ZIP. */
  name: string
  report: MeshHealthReport
}

/** The result of inspecting one file. */
export interface MeshInspection {
  fileName: string
  sizeBytes: number
  entries: MeshEntryReport[]
}
