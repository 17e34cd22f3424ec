/**
 * Files the user hands Printdock (dropped G-code or meshes). The renderer never sees a path: main
 * keeps it and answers with an opaque reference that only the window that registered it can use.
 */

/** A file main now knows under `fileRef`. */
export interface RegisteredFile {
  /** Opaque; valid for the registering window until it reloads, navigates or closes. */
  fileRef: string
  /** The file's base name, for display. */
  name: string
  sizeBytes: number
}
