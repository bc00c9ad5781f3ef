// A parcel's GeoJSON outline (Polygon, MultiPolygon, a Feature or a FeatureCollection of them) drawn as an SVG path:
// no map tiles (the machines are offline), just the shape, scaled to fit its box with north up.

type Position = number[]
type Ring = Position[]

export interface OutlineShape {
  /** The path's d attribute, one closed sub-path per ring (holes included: draw with fill-rule evenodd). */
  path: string
  viewBox: string
}

function polygons(geo: unknown): Ring[][] {
  if (!geo || typeof geo !== 'object') return []
  const g = geo as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] }
  switch (g.type) {
    case 'Polygon':
      return [g.coordinates as Ring[]]
    case 'MultiPolygon':
      return g.coordinates as Ring[][]
    case 'Feature':
      return polygons(g.geometry)
    case 'FeatureCollection':
      return (g.features ?? []).flatMap(polygons)
    default:
      return []
  }
}

function fixed(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/** The outline scaled into a `size`×`size` box with a margin; null when there is nothing to draw. */
export function outlinePath(geo: unknown, size = 200, margin = 8): OutlineShape | null {
  const rings = polygons(geo)
    .flat()
    .filter((r) => Array.isArray(r) && r.length >= 3)
  const points = rings.flat().filter((p) => Array.isArray(p) && p.length >= 2 && p.every(Number.isFinite))
  if (points.length < 3) return null
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const span = Math.max(maxX - minX, maxY - minY) || 1
  const scale = (size - 2 * margin) / span
  // Centred in the box; y grows downward in SVG and northward in GeoJSON, so it is flipped.
  const offsetX = margin + (size - 2 * margin - (maxX - minX) * scale) / 2
  const offsetY = margin + (size - 2 * margin - (maxY - minY) * scale) / 2
  const path = rings
    .map((ring) =>
      ring
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(offsetX + (p[0] - minX) * scale)} ${fixed(offsetY + (maxY - p[1]) * scale)}`)
        .join(' ') + ' Z',
    )
    .join(' ')
  return { path, viewBox: `0 0 ${size} ${size}` }
}
