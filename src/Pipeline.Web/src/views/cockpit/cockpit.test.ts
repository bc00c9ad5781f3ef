import { describe, expect, it } from 'vitest'
import type { Unit, UnitTarget } from '@/api/types'
import { bulletinQuarter, completion, periodOf, targetsFor } from './cockpit'

const unit = (id: number, parentId: number | null): Unit => ({ id, name: `单位${id}`, kind: 'township', parentId, headUserId: null })
const target = (unitId: number, signedCount: number): UnitTarget => ({
  unitId,
  unitName: `单位${unitId}`,
  year: 2026,
  signedCount,
  signedAmount: signedCount * 1000,
  startedCount: signedCount - 1,
  version: 1,
})
// 1 the bureau with sections 2 and 3; 4 and 5 townships; 6 a village under 5.
const units = [unit(1, null), unit(2, 1), unit(3, 1), unit(4, null), unit(5, null), unit(6, 5)]

describe('periods', () => {
  it('covers a whole year', () => {
    expect(periodOf(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31', share: 1 })
  })

  it('covers a quarter to its last day, against a quarter of the targets', () => {
    expect(periodOf(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31', share: 0.25 })
    expect(periodOf(2024, 4).to).toBe('2024-12-31')
    expect(periodOf(2026, 2).to).toBe('2026-06-30')
  })
})

describe('targets', () => {
  it('adds the city target from the topmost units that have one', () => {
    const targets = [target(1, 10), target(2, 4), target(4, 6), target(6, 2)]
    expect(targetsFor(undefined, targets, units)).toEqual({ signedCount: 18, signedAmount: 18000, startedCount: 15 })
  })

  it('takes a unit own target, which covers those below it', () => {
    const targets = [target(1, 10), target(2, 4)]
    expect(targetsFor(1, targets, units)?.signedCount).toBe(10)
    expect(targetsFor(2, targets, units)?.signedCount).toBe(4)
  })

  it('adds the targets below a unit that has none of its own', () => {
    expect(targetsFor(1, [target(2, 4), target(3, 5)], units)?.signedCount).toBe(9)
  })

  it('has no target where none is set, and a quarter of it for a quarter', () => {
    expect(targetsFor(4, [target(1, 10)], units)).toBeNull()
    expect(targetsFor(undefined, [target(4, 8)], units, 0.25)?.signedCount).toBe(2)
  })

  it('tells completion in whole percent', () => {
    expect(completion(3, 8)).toBe(38)
    expect(completion(3, 0)).toBeNull()
  })
})

describe('the quarter of the 通报', () => {
  it('is the quarter chosen', () => {
    expect(bulletinQuarter(2026, 2, '2026-12-02')).toBe(2)
  })

  it('is the latest finished quarter of this year, or the first while it runs', () => {
    expect(bulletinQuarter(2026, undefined, '2026-12-02')).toBe(3)
    expect(bulletinQuarter(2026, undefined, '2026-04-01')).toBe(1)
    expect(bulletinQuarter(2026, undefined, '2026-02-10')).toBe(1)
  })

  it('is the fourth of a past year', () => {
    expect(bulletinQuarter(2025, undefined, '2026-02-10')).toBe(4)
  })
})
