/**
 * Files a window handed main (dropped G-code, meshes), known by opaque references.
 *
 * The renderer never names a path: the preload turns a dropped `File` into its path and main
 * answers with a `fileRef`. Each reference is a lease of its window (leases.ts), so it is forgotten
 * when the window reloads, navigates or closes, and it resolves only for that window.
 */
import { stat as statFile } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import type { RegisteredFile } from '../../../shared/models/files'
import { AppError } from '../errors'
import type { CallerId, LeaseRegistry } from '../leases'

const FILE_LEASE = 'file'

/** The part of `fs.stat` this module reads. */
export type StatFile = (path: string) => Promise<{ isFile(): boolean; size: number }>

/** Registered paths by reference, each owned by the window that registered it. */
export class FileRefs {
  private readonly paths = new Map<string, { callerId: CallerId; path: string }>()

  constructor(
    private readonly leases: LeaseRegistry,
    private readonly stat: StatFile = statFile
  ) {}

  /**
   * Registers a regular file (symlinks followed) for `callerId`. Refuses relative paths,
   * directories, devices and sockets with 'files/not-a-file', and a path that cannot be read with
   * 'files/unreadable'. The message never repeats the path: it came from the page's process.
   */
  async register(callerId: CallerId, path: string): Promise<RegisteredFile> {
    if (!isAbsolute(path)) {
      throw new AppError('files/not-a-file', 'Printdock was not given a file it can find.')
    }
    let info: { isFile(): boolean; size: number }
    try {
      info = await this.stat(path)
    } catch (error) {
      throw new AppError('files/unreadable', 'Printdock could not read that file.', {
        cause: error
      })
    }
    if (!info.isFile()) {
      throw new AppError('files/not-a-file', 'That is a folder or a device, not a file.')
    }
    const fileRef = this.leases.acquire(callerId, FILE_LEASE, () => this.paths.delete(fileRef))
    this.paths.set(fileRef, { callerId, path })
    return { fileRef, name: basename(path), sizeBytes: info.size }
  }

  /** The path behind a reference, only for the window that registered it. */
  resolve(callerId: CallerId, fileRef: string): string {
    const entry = this.paths.get(fileRef)
    if (!entry || entry.callerId !== callerId) {
      throw new AppError('files/unreadable', 'That file is no longer available. Drop it again.')
    }
    return entry.path
  }
}
