import type { ReactNode } from 'react'
import type { MeshHealthReport } from '@shared/models/mesh'

const FORMAT_WORDS: Record<MeshHealthReport['format'], string> = {
  'stl-binary': 'Binary STL',
  'stl-ascii': 'ASCII STL',
  obj: 'OBJ',
  '3mf': '3MF'
}

const n = (value: number): string => value.toLocaleString()
const mm = (value: number): string => value.toLocaleString(undefined, { maximumFractionDigits: 2 })

/** One mesh's health report: verdict first, then the numbers; problems stand out. */
export function HealthReport({ report }: { report: MeshHealthReport }): ReactNode {
  const fits = report.beds.filter((bed) => bed.fits)
  const rows: [string, string, boolean][] = [
    ['Format', FORMAT_WORDS[report.format], false],
    ['Triangles', n(report.triangles), false],
    ['Vertices', n(report.vertices), false],
    ['Size', `${mm(report.size.x)} × ${mm(report.size.y)} × ${mm(report.size.z)} mm`, false],
    [
      'Volume',
      report.volumeMm3 === null
        ? 'Unknown until the mesh is closed'
        : `${mm(report.volumeMm3 / 1000)} cm³`,
      false
    ],
    ['Shells', n(report.shells), false],
    ['Open edges', `${n(report.openEdges)} (${n(report.holes)} holes)`, report.openEdges > 0],
    ['Non-manifold edges', n(report.nonManifoldEdges), report.nonManifoldEdges > 0],
    ['Degenerate triangles', n(report.degenerateTriangles), report.degenerateTriangles > 0],
    ['Wrong-way triangles', n(report.inconsistentFaces), report.inconsistentFaces > 0],
    [
      'Fits',
      fits.length > 0 ? fits.map((bed) => bed.name).join('; ') : 'None of the common beds',
      fits.length === 0
    ]
  ]
  return (
    <div className="health-report" data-testid="health-report">
      <p
        className={report.printable ? 'verdict verdict-ok' : 'verdict verdict-bad'}
        data-testid="health-verdict"
        role="status"
      >
        {report.verdict}
      </p>
      <dl className="report-grid">
        {rows.map(([label, value, problem]) => (
          <div key={label} className={problem ? 'report-row problem' : 'report-row'}>
            <dt>{label}</dt>
            <dd data-testid={`report-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
