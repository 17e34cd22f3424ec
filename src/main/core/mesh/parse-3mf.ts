/**
 * 3MF (3D Manufacturing Format core spec): a ZIP whose model part (`3D/3dmodel.model`, or the one
 * `_rels/.rels` names) holds objects with a `<mesh>` or with `<components>` that place other
 * objects, and a `<build>` whose items say what is printed and where. The report looks at what is
 * printed: every build item, with its transform and its components' transforms applied, in
 * millimetres.
 */
import { MeshBuilder, type WeldedMesh } from './mesh-builder'
import { MeshError } from './mesh-error'

/** A 3×4 affine transform, row-vector convention as in the spec: p' = p·M. */
type Transform = Float64Array

const IDENTITY: Transform = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0)

/** Millimetres per model unit (3MF core spec §3.4.1). */
const UNIT_MM: Record<string, number> = {
  micron: 0.001,
  millimeter: 1,
  centimeter: 10,
  inch: 25.4,
  foot: 304.8,
  meter: 1000
}

interface MeshObject {
  vertices: number[]
  triangles: number[]
}

interface Component {
  objectId: string
  transform: Transform
}

type ModelObject = { mesh: MeshObject } | { components: Component[] }

/** Finds the model part's path in a 3MF package's files. */
export function threeMfModelPath(
  names: readonly string[],
  rels: string | undefined
): string | null {
  const fromRels = rels ? /Target\s*=\s*"\/?([^"]+\.model)"/i.exec(rels)?.[1] : undefined
  if (fromRels && names.includes(fromRels)) return fromRels
  return names.find((name) => /^3D\/[^/]+\.model$/i.test(name)) ?? null
}

/** Parses a 3MF model part's XML into one welded mesh of everything the build prints. */
export function parseThreeMfModel(xml: string): WeldedMesh {
  const objects = new Map<string, ModelObject>()
  const items: Component[] = []
  let scale = 1
  let current: { id: string; mesh?: MeshObject; components?: Component[] } | undefined
  const tag = /<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s+[^>]*?)?)\s*(\/?)>/g
  let match: RegExpExecArray | null
  while ((match = tag.exec(xml)) !== null) {
    const closing = match[1] === '/'
    const name = match[2]!
    const body = match[3] ?? ''
    if (closing) {
      if (name === 'object' && current) {
        if (current.mesh) objects.set(current.id, { mesh: current.mesh })
        else if (current.components) objects.set(current.id, { components: current.components })
        current = undefined
      }
      continue
    }
    switch (name) {
      case 'model': {
        const unit = attribute(body, 'unit') ?? 'millimeter'
        const mm = UNIT_MM[unit]
        if (mm === undefined) throw invalid(`an unknown unit "${unit}"`)
        scale = mm
        break
      }
      case 'object':
        current = { id: attribute(body, 'id') ?? '' }
        if (match[4] === '/') current = undefined
        break
      case 'mesh':
        if (current) current.mesh = { vertices: [], triangles: [] }
        break
      case 'vertex':
        if (current?.mesh) {
          current.mesh.vertices.push(number(body, 'x'), number(body, 'y'), number(body, 'z'))
        }
        break
      case 'triangle':
        if (current?.mesh) {
          current.mesh.triangles.push(index(body, 'v1'), index(body, 'v2'), index(body, 'v3'))
        }
        break
      case 'component':
        if (current) {
          if (attribute(body, 'p:path')) {
            throw invalid(
              'a component stored in another model file, which Printdock cannot read yet'
            )
          }
          ;(current.components ??= []).push({
            objectId: attribute(body, 'objectid') ?? '',
            transform: transform(attribute(body, 'transform'))
          })
        }
        break
      case 'item':
        items.push({
          objectId: attribute(body, 'objectid') ?? '',
          transform: transform(attribute(body, 'transform'))
        })
        break
    }
  }
  if (items.length === 0) {
    throw new MeshError('mesh/empty', 'This 3MF file has nothing on its build plate.')
  }
  const builder = new MeshBuilder()
  const units = Float64Array.of(scale, 0, 0, 0, scale, 0, 0, 0, scale, 0, 0, 0)
  for (const item of items) {
    emitObject(builder, objects, item.objectId, compose(item.transform, units), 0)
  }
  if (builder.triangleTotal === 0) {
    throw new MeshError('mesh/empty', 'This 3MF file holds no triangles.')
  }
  return builder.finish()
}

function emitObject(
  builder: MeshBuilder,
  objects: Map<string, ModelObject>,
  id: string,
  m: Transform,
  depth: number
): void {
  const object = objects.get(id)
  if (!object) throw invalid(`a reference to object ${id}, which it does not define`)
  // The spec forbids cycles; a depth limit keeps a damaged file from recursing forever.
  if (depth > 32) throw invalid('components that refer to each other in a loop')
  if ('components' in object) {
    for (const component of object.components) {
      emitObject(builder, objects, component.objectId, compose(component.transform, m), depth + 1)
    }
    return
  }
  const { vertices, triangles } = object.mesh
  const vertexCount = vertices.length / 3
  for (let t = 0; t < triangles.length; t++) {
    const v = triangles[t]!
    if (v >= vertexCount)
      throw invalid(`a triangle that refers to a missing vertex in object ${id}`)
    const x = vertices[v * 3]!
    const y = vertices[v * 3 + 1]!
    const z = vertices[v * 3 + 2]!
    builder.corner3(
      x * m[0]! + y * m[3]! + z * m[6]! + m[9]!,
      x * m[1]! + y * m[4]! + z * m[7]! + m[10]!,
      x * m[2]! + y * m[5]! + z * m[8]! + m[11]!
    )
  }
}

/** `inner` applied first, then `outer` (row vectors: p·inner·outer). */
function compose(inner: Transform, outer: Transform): Transform {
  const r = new Float64Array(12)
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = row === 3 ? outer[9 + col]! : 0
      for (let k = 0; k < 3; k++) sum += inner[row * 3 + k]! * outer[k * 3 + col]!
      r[row * 3 + col] = sum
    }
  }
  return r
}

function transform(text: string | undefined): Transform {
  if (text === undefined) return IDENTITY
  const values = text.trim().split(/\s+/).map(Number)
  if (values.length !== 12 || values.some((v) => !Number.isFinite(v))) {
    throw invalid('a transform that is not 12 numbers')
  }
  return Float64Array.from(values)
}

function attribute(body: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(body)
  return match ? (match[1] ?? match[2]) : undefined
}

function number(body: string, name: string): number {
  const value = Number(attribute(body, name))
  if (!Number.isFinite(value)) throw invalid(`a vertex without a numeric ${name}`)
  return value
}

function index(body: string, name: string): number {
  const value = Number(attribute(body, name))
  if (!Number.isInteger(value) || value < 0) throw invalid(`a triangle without a valid ${name}`)
  return value
}

function invalid(what: string): MeshError {
  return new MeshError('mesh/invalid', `This 3MF file has ${what}.`)
}
