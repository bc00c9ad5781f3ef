import { describe, expect, it } from 'vitest'
import { allows, homeFor, navigationFor } from './menu'

describe('navigation by role', () => {
  it('lands leaders on the cockpit and staff in the project library', () => {
    expect(homeFor(['leader'])).toBe('/cockpit')
    expect(homeFor(['staff'])).toBe('/projects')
    expect(homeFor(['committee'])).toBe('/projects')
  })

  it('gives the committee only the project library', () => {
    expect(navigationFor(['committee']).map((i) => i.label)).toEqual(['项目库'])
    expect(allows(['committee'], 'cockpit')).toBe(false)
  })

  it('merges the sections of several roles, the leading role first', () => {
    expect(navigationFor(['staff', 'leader']).map((i) => i.section)).toEqual(['cockpit', 'alerts', 'projects'])
  })

  it('shows nothing to someone with no role', () => {
    expect(navigationFor([])).toEqual([])
    expect(homeFor([])).toBe('/projects')
  })
})
