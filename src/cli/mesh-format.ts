import type { MeshEntryReport, MeshHealthReport, MeshInspection } from '../shared/models/mesh'

const FORMAT_WORDS: Record<MeshHealthReport['format'], string> = {
  'stl-binary': 'binary STL',
  'stl-ascii': 'ASCII STL',
  obj: 'OBJ',
  '3mf': '3MF'
}

const count = (n: number): string => n.toLocaleString('en-US')
const mm = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 })

/** One mesh's report as aligned lines. */
function describeEntry({ name, report: r }: MeshEntryReport): string {
  const fitting = r.beds.filter((bed) => bed.fits).map((bed) => bed.name)
  const rows: [string, string][] = [
    ['format', FORMAT_WORDS[r.format]],
    ['triangles', count(r.triangles)],
    ['vertices', count(r.vertices)],
    ['size', `${mm(r.size.x)} × ${mm(r.size.y)} × ${mm(r.size.z)} mm`],
    [
      'volume',
      r.volumeMm3 === null
        ? 'unknown (the mesh is not closed and consistent)'
        : `${mm(r.volumeMm3 / 1000)} cm³`
    ],
    ['shells', count(r.shells)],
    ['open edges', `${count(r.openEdges)} (${count(r.holes)} ${r.holes === 1 ? 'hole' : 'holes'})`],
    ['non-manifold edges', count(r.nonManifoldEdges)],
    ['degenerate triangles', count(r.degenerateTriangles)],
    ['wrong-way triangles', count(r.inconsistentFaces)],
    ['fits', fitting.length > 0 ? fitting.join('\n' + ' '.repeat(24)) : 'none of the common beds']
  ]
  return [
    name,
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(22)}${value}`),
    `  ${r.verdict}`
  ].join('\n')
}

/** The inspection as text: one block per mesh. */
export function describeInspection(inspection: MeshInspection): string {
  return inspection.entries.map(describeEntry).join('\n\n')
}
