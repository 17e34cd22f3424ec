import { AppError } from '../errors'

/** Why a file could not be read as a mesh; the message is written for the person who chose it. */
export type MeshErrorCode = 'mesh/not-a-mesh' | 'mesh/truncated' | 'mesh/invalid' | 'mesh/empty'

/** A file that is not a mesh, is cut short, or holds something no mesh can. */
export class MeshError extends AppError {
  constructor(code: MeshErrorCode, message: string) {
    super(code, message)
    this.name = 'MeshError'
  }
}
