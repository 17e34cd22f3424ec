/**
 * The 3D preview, on three.js. Loaded only when a preview is shown (MeshPreview's dynamic
 * import), so three.js stays out of the initial bundle.
 *
 * It renders on demand (after an orbit, a zoom, a resize or a toggle), never in a loop: a large
 * mesh costs GPU time per frame, and the page's main thread only issues the draw.
 */
import {
  AmbientLight,
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  Sphere,
  Spherical,
  Vector3,
  WebGLRenderer
} from 'three'
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'
import type { MeshPreview } from '@shared/mesh-preview'

/** Colours of the problem edge kinds (1 open, 2 non-manifold, 3 wound the wrong way). */
export const EDGE_COLOURS: Record<number, string> = {
  1: '#e5484d',
  2: '#f76b15',
  3: '#d6a100'
}

/**
 * Triangles drawn while the view moves. A large mesh is drawn in full only once the view rests:
 * orbiting draws every n-th triangle, so each frame stays cheap even where WebGL runs on the CPU
 * (SwiftShader) and a full frame of a million triangles takes seconds (docs/benchmarks.md).
 */
export const MOVING_TRIANGLE_BUDGET = 10_000
/** How long the view must rest before the full mesh is drawn again. */
const REST_MS = 400

export interface MeshViewer {
  /** Hides the surface so only the problem edges show. */
  setOnlyProblems(only: boolean): void
  /** Orbits by a step (keyboard): angles in radians, zoom as a factor. */
  nudge(step: { azimuth?: number; polar?: number; zoom?: number }): void
  dispose(): void
}

export function createMeshViewer(
  canvas: HTMLCanvasElement,
  preview: MeshPreview,
  colours: { surface: string; background: string }
): MeshViewer {
  const renderer = new WebGLRenderer({ canvas, antialias: false })
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1))
  const scene = new Scene()
  scene.background = new Color(colours.background)

  const geometry = new BufferGeometry()
  geometry.setAttribute('position', new BufferAttribute(preview.positions, 3))
  geometry.setIndex(new BufferAttribute(preview.triangles, 1))
  geometry.computeVertexNormals()
  geometry.computeBoundingBox()
  const surface = new Mesh(
    geometry,
    new MeshStandardMaterial({
      color: colours.surface,
      side: DoubleSide,
      metalness: 0,
      roughness: 0.8
    })
  )
  scene.add(surface)

  // The light version for moving views: every n-th triangle, sharing the same vertices.
  const triangleCount = preview.triangles.length / 3
  const stride = Math.ceil(triangleCount / MOVING_TRIANGLE_BUDGET)
  let moving: Mesh | undefined
  if (stride > 1) {
    const sampled = new Uint32Array(Math.ceil(triangleCount / stride) * 3)
    let at = 0
    for (let t = 0; t < triangleCount; t += stride) {
      sampled.set(preview.triangles.subarray(t * 3, t * 3 + 3), at)
      at += 3
    }
    const light = new BufferGeometry()
    light.setAttribute('position', geometry.getAttribute('position'))
    light.setAttribute('normal', geometry.getAttribute('normal'))
    light.setIndex(new BufferAttribute(sampled.subarray(0, at), 1))
    moving = new Mesh(light, surface.material)
    moving.visible = false
    scene.add(moving)
  }
  let onlyProblems = false
  let resting = true
  const showSurface = (): void => {
    surface.visible = !onlyProblems && (resting || !moving)
    if (moving) moving.visible = !onlyProblems && !resting
  }

  const edgeCount = preview.problemKinds.length
  const edgePositions = new Float32Array(edgeCount * 6)
  const edgeColours = new Float32Array(edgeCount * 6)
  const colour = new Color()
  for (let e = 0; e < edgeCount; e++) {
    colour.set(EDGE_COLOURS[preview.problemKinds[e]!] ?? '#e5484d')
    for (let end = 0; end < 2; end++) {
      const v = preview.problemEdges[e * 2 + end]!
      for (let k = 0; k < 3; k++) {
        edgePositions[e * 6 + end * 3 + k] = preview.positions[v * 3 + k]!
      }
      edgeColours.set([colour.r, colour.g, colour.b], e * 6 + end * 3)
    }
  }
  const edgeGeometry = new BufferGeometry()
  edgeGeometry.setAttribute('position', new BufferAttribute(edgePositions, 3))
  edgeGeometry.setAttribute('color', new BufferAttribute(edgeColours, 3))
  // Drawn over the surface, so a hole's rim shows from any side.
  const edges = new LineSegments(
    edgeGeometry,
    new LineBasicMaterial({ vertexColors: true, depthTest: false })
  )
  edges.renderOrder = 1
  scene.add(edges)

  scene.add(new AmbientLight(0xffffff, 0.9))
  const light = new DirectionalLight(0xffffff, 1.6)
  scene.add(light)

  // Printers build along +Z: keep it up.
  const camera = new PerspectiveCamera(40, 1, 0.1, 1e6)
  camera.up.set(0, 0, 1)
  const bounds = new Sphere()
  ;(geometry.boundingBox ?? new Box3()).getBoundingSphere(bounds)
  const radius = Math.max(bounds.radius, 1e-3)
  camera.near = radius / 100
  camera.far = radius * 100
  camera.position
    .copy(bounds.center)
    .add(new Vector3(1, -1.4, 0.9).normalize().multiplyScalar(radius * 3))
  camera.updateProjectionMatrix()

  const controls = new OrbitControls(camera, canvas)
  controls.target.copy(bounds.center)
  controls.minDistance = radius * 0.2
  controls.maxDistance = radius * 20
  controls.update()

  let frame = 0
  const render = (): void => {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      light.position.copy(camera.position)
      renderer.render(scene, camera)
    })
  }
  controls.addEventListener('change', render)
  let restTimer: ReturnType<typeof setTimeout> | undefined
  const startMoving = (): void => {
    clearTimeout(restTimer)
    if (resting) {
      resting = false
      showSurface()
    }
  }
  const rest = (): void => {
    clearTimeout(restTimer)
    restTimer = setTimeout(() => {
      resting = true
      showSurface()
      render()
    }, REST_MS)
  }
  controls.addEventListener('start', startMoving)
  controls.addEventListener('end', rest)
  // The wheel zooms without start/end events: each turn counts as a short move.
  const onWheel = (): void => {
    startMoving()
    rest()
  }
  canvas.addEventListener('wheel', onWheel, { passive: true })

  const resize = (): void => {
    const width = canvas.clientWidth || 320
    const height = canvas.clientHeight || 240
    renderer.setSize(width, height, false)
    camera.aspect = width / height
    camera.updateProjectionMatrix()
    render()
  }
  const observer = new ResizeObserver(resize)
  observer.observe(canvas)
  resize()

  return {
    setOnlyProblems(only) {
      onlyProblems = only
      showSurface()
      render()
    },
    nudge({ azimuth = 0, polar = 0, zoom = 1 }) {
      const offset = camera.position.clone().sub(controls.target)
      // Spherical coordinates about +Z (three's Spherical is about +Y): swap in and out.
      const spherical = new Spherical().setFromCartesianCoords(offset.x, offset.z, offset.y)
      spherical.theta += azimuth
      spherical.phi = Math.min(Math.PI - 0.01, Math.max(0.01, spherical.phi + polar))
      spherical.radius = Math.min(
        controls.maxDistance,
        Math.max(controls.minDistance, spherical.radius * zoom)
      )
      const next = new Vector3().setFromSpherical(spherical)
      camera.position.set(next.x, next.z, next.y).add(controls.target)
      startMoving()
      controls.update()
      render()
      rest()
    },
    dispose() {
      clearTimeout(restTimer)
      canvas.removeEventListener('wheel', onWheel)
      observer.disconnect()
      if (frame) cancelAnimationFrame(frame)
      controls.dispose()
      geometry.dispose()
      moving?.geometry.dispose()
      edgeGeometry.dispose()
      surface.material.dispose()
      edges.material.dispose()
      renderer.dispose()
    }
  }
}
