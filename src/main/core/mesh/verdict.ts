import type { MeshHealthReport } from '../../../shared/models/mesh'

type Problems = Pick<
  MeshHealthReport,
  'openEdges' | 'holes' | 'nonManifoldEdges' | 'degenerateTriangles' | 'inconsistentFaces'
>

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

/** The reasons a mesh needs repair, in plain words (empty when it looks printable). */
export function repairReasons(p: Problems): string[] {
  const reasons: string[] = []
  if (p.openEdges > 0) {
    reasons.push(
      `it is not closed (${plural(p.holes, 'hole')}, ${plural(p.openEdges, 'open edge')})`
    )
  }
  if (p.nonManifoldEdges > 0) {
    reasons.push(
      `${plural(p.nonManifoldEdges, 'edge')} ${p.nonManifoldEdges === 1 ? 'is' : 'are'} shared by more than two triangles`
    )
  }
  if (p.inconsistentFaces > 0) {
    reasons.push(
      `${plural(p.inconsistentFaces, 'triangle')} ${p.inconsistentFaces === 1 ? 'faces' : 'face'} the wrong way`
    )
  }
  if (p.degenerateTriangles > 0) {
    reasons.push(
      `${plural(p.degenerateTriangles, 'triangle')} ${p.degenerateTriangles === 1 ? 'has' : 'have'} no area`
    )
  }
  return reasons
}

/** "Looks printable." or "Needs repair, because …". */
export function verdictText(reasons: string[]): string {
  if (reasons.length === 0) return 'Looks printable.'
  const list =
    reasons.length === 1
      ? reasons[0]
      : `${reasons.slice(0, -1).join('; ')}; and ${reasons[reasons.length - 1]}`
  return `Needs repair, because ${list}.`
}
