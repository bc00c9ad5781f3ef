import { describe, expect, it } from 'vitest'
import { outlinePath } from './outline'

const square = { type: 'Polygon', coordinates: [[[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01], [120, 30]]] }

describe('a parcel outline as an SVG path', () => {
  it('scales a polygon into its box, north up', () => {
    const shape = outlinePath(square, 100, 0)!
    expect(shape.viewBox).toBe('0 0 100 100')
    expect(shape.path).toBe('M0 100 L100 100 L100 0 L0 0 L0 100 Z')
  })

  it('keeps the proportions of a long parcel and centres it', () => {
    const long = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 1], [0, 1]]] }
    expect(outlinePath(long, 100, 0)!.path).toBe('M0 62.5 L100 62.5 L100 37.5 L0 37.5 Z')
  })

  it('draws every polygon of a MultiPolygon, a Feature or a FeatureCollection, holes included', () => {
    const feature = { type: 'Feature', properties: {}, geometry: square }
    const collection = { type: 'FeatureCollection', features: [feature, { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [square.coordinates] } }] }
    expect(outlinePath(feature)!.path.match(/M/g)).toHaveLength(1)
    expect(outlinePath(collection)!.path.match(/Z/g)).toHaveLength(2)
    const withHole = { type: 'Polygon', coordinates: [square.coordinates[0], [[120.004, 30.004], [120.006, 30.004], [120.006, 30.006], [120.004, 30.004]]] }
    expect(outlinePath(withHole)!.path.match(/Z/g)).toHaveLength(2)
  })

  it('has nothing to draw for no outline or a shape it does not know', () => {
    expect(outlinePath(null)).toBeNull()
    expect(outlinePath({ type: 'Point', coordinates: [120, 30] })).toBeNull()
    expect(outlinePath({ type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] })).toBeNull()
  })
})
