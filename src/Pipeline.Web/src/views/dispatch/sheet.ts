// The 调度表 as the 调度会 reads it: the lines grouped by unit, in the order the API sends them, with each unit's counts.
import type { DispatchLine } from '@/api/types'

export interface UnitBlock {
  unitId: number
  unitName: string
  lines: DispatchLine[]
  /** Lines whose update for the month has not come. */
  missing: number
  openMatters: number
  overdueMatters: number
  openAlerts: number
}

export function byUnit(lines: readonly DispatchLine[]): UnitBlock[] {
  const blocks = new Map<number, UnitBlock>()
  for (const line of lines) {
    let block = blocks.get(line.unitId)
    if (!block) {
      block = { unitId: line.unitId, unitName: line.unitName, lines: [], missing: 0, openMatters: 0, overdueMatters: 0, openAlerts: 0 }
      blocks.set(line.unitId, block)
    }
    block.lines.push(line)
    if (!line.updateFiled) block.missing++
    block.openMatters += line.openMatters
    block.overdueMatters += line.overdueMatters
    block.openAlerts += line.openAlerts
  }
  return [...blocks.values()]
}

/** The whole sheet's counts, for the line above the table. */
export function totals(blocks: readonly UnitBlock[]): { projects: number; missing: number; openMatters: number; overdueMatters: number } {
  return blocks.reduce(
    (sum, b) => ({
      projects: sum.projects + b.lines.length,
      missing: sum.missing + b.missing,
      openMatters: sum.openMatters + b.openMatters,
      overdueMatters: sum.overdueMatters + b.overdueMatters,
    }),
    { projects: 0, missing: 0, openMatters: 0, overdueMatters: 0 },
  )
}
