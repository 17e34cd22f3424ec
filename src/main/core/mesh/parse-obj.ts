/**
 * Wavefront OBJ: `v x y z` vertices and `f a b c …` faces (`a`, `a/t`, `a//n`, `a/t/n`; negative
 * indices count back from the last vertex). Polygons are split into a fan of triangles; normals,
 * texture coordinates, groups and materials carry nothing the health report needs.
 */
import { lines, type ByteChunks } from './byte-chunks'
import { MeshBuilder, type WeldedMesh } from './mesh-builder'
import { MeshError } from './mesh-error'

export async function parseObj(chunks: ByteChunks): Promise<WeldedMesh> {
  const builder = new MeshBuilder()
  let vertices = new Float64Array(3 * 1024)
  let vertexCount = 0
  let lineNumber = 0
  const corner = (word: string): number => {
    const index = Number.parseInt(word, 10)
    const resolved = index < 0 ? vertexCount + index : index - 1
    if (!Number.isInteger(index) || index === 0 || resolved < 0 || resolved >= vertexCount) {
      throw new MeshError(
        'mesh/invalid',
        `This OBJ file has a face on line ${lineNumber} that refers to a vertex it does not have.`
      )
    }
    return resolved
  }
  const emit = (v: number): void =>
    builder.corner3(vertices[v * 3]!, vertices[v * 3 + 1]!, vertices[v * 3 + 2]!)
  for await (const raw of lines(chunks)) {
    lineNumber++
    const line = raw.trim()
    if (line.startsWith('v ') || line.startsWith('v\t')) {
      const words = line.split(/\s+/)
      const x = Number(words[1])
      const y = Number(words[2])
      const z = Number(words[3])
      if (words.length < 4 || !Number.isFinite(x + y + z)) {
        throw new MeshError(
          'mesh/invalid',
          `This OBJ file has a vertex on line ${lineNumber} without three numbers.`
        )
      }
      if (vertexCount * 3 + 3 > vertices.length) {
        const grown = new Float64Array(vertices.length * 2)
        grown.set(vertices)
        vertices = grown
      }
      vertices[vertexCount * 3] = x
      vertices[vertexCount * 3 + 1] = y
      vertices[vertexCount * 3 + 2] = z
      vertexCount++
    } else if (line.startsWith('f ') || line.startsWith('f\t')) {
      const words = line.split(/\s+/)
      if (words.length < 4) {
        throw new MeshError(
          'mesh/invalid',
          `This OBJ file has a face on line ${lineNumber} with fewer than three corners.`
        )
      }
      const first = corner(words[1]!)
      let previous = corner(words[2]!)
      for (let i = 3; i < words.length; i++) {
        const next = corner(words[i]!)
        emit(first)
        emit(previous)
        emit(next)
        previous = next
      }
    }
  }
  if (builder.triangleTotal === 0) {
    throw new MeshError(
      'mesh/empty',
      vertexCount === 0
        ? 'This file has no OBJ vertices or faces.'
        : 'This OBJ file has vertices but no faces.'
    )
  }
  return builder.finish()
}
