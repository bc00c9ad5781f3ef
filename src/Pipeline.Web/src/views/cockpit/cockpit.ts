// The cockpit's arithmetic that is the workspace's own: which dates a period covers, and which targets add up to
// the target of the city or of one unit. Every figure it compares them with comes from the API's reports.
import type { Unit, UnitTarget } from '@/api/types'

export interface Period {
  from: string
  to: string
  /** The share of the yearly targets a period is held to: a quarter to a quarter of them. */
  share: number
}

/** A year, or one quarter of it. */
export function periodOf(year: number, quarter?: number): Period {
  if (!quarter) return { from: `${year}-01-01`, to: `${year}-12-31`, share: 1 }
  const first = (quarter - 1) * 3 + 1
  const last = new Date(Date.UTC(year, first + 2, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(last)}`, share: 0.25 }
}

export interface Targets {
  signedCount: number
  signedAmount: number
  startedCount: number
}

/**
 * The targets of the whole city (no unit) or of one unit and everything below it: the sum of the targets set for the
 * topmost units that have one, since a unit's target already covers the units below it. Null when none is set.
 */
export function targetsFor(unitId: number | undefined, targets: UnitTarget[], units: Unit[], share = 1): Targets | null {
  const parent = new Map(units.map((u) => [u.id, u.parentId]))
  const withTarget = new Set(targets.map((t) => t.unitId))
  const ancestors = (id: number): number[] => {
    const result: number[] = []
    for (let p = parent.get(id); p != null; p = parent.get(p)) result.push(p)
    return result
  }
  const counted = targets.filter((t) => {
    const above = ancestors(t.unitId)
    const inScope = unitId === undefined || t.unitId === unitId || above.includes(unitId)
    const coveredAbove = above.some((a) => withTarget.has(a) && (unitId === undefined || a === unitId || ancestors(a).includes(unitId)))
    return inScope && !coveredAbove
  })
  if (counted.length === 0) return null
  return {
    signedCount: counted.reduce((sum, t) => sum + t.signedCount, 0) * share,
    signedAmount: counted.reduce((sum, t) => sum + t.signedAmount, 0) * share,
    startedCount: counted.reduce((sum, t) => sum + t.startedCount, 0) * share,
  }
}

/** How far an actual figure is towards its target, in whole percent (may pass 100). */
export function completion(actual: number, target: number | undefined): number | null {
  if (!target) return null
  return Math.round((actual / target) * 100)
}

/**
 * The quarter of the 通报 the cockpit offers: the one chosen, else the latest finished quarter of the year (the fourth
 * of a past year), or the current one while the year's first is not over.
 */
export function bulletinQuarter(year: number, quarter: number | undefined, today: string): number {
  if (quarter) return quarter
  const [thisYear, month] = today.split('-').map(Number)
  if (year < thisYear) return 4
  return Math.max(1, Math.ceil(month / 3) - 1)
}
