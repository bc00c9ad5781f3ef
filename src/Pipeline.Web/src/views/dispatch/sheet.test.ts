import { describe, expect, it } from 'vitest'
import type { DispatchLine } from '@/api/types'
import { byUnit, totals } from './sheet'

let next = 0

function line(unitId: number, unitName: string, fields: Partial<DispatchLine> = {}): DispatchLine {
  return {
    projectId: ++next,
    projectName: '项目',
    unitId,
    unitName,
    stage: 'signed',
    stageName: '签约',
    signedOn: '2026-05-01',
    daysSinceSigning: 214,
    responsiblePersonName: null,
    leaderName: null,
    updateFiled: true,
    progress: null,
    problems: null,
    nextSteps: null,
    investment: null,
    openAlerts: 0,
    highestAlertLevel: null,
    openMatters: 0,
    overdueMatters: 0,
    ...fields,
  }
}

describe('the 调度表 by unit', () => {
  const lines = [
    line(2, '青山镇', { updateFiled: false, openAlerts: 2 }),
    line(2, '青山镇', { openMatters: 2, overdueMatters: 1 }),
    line(1, '经开区', { updateFiled: false, openMatters: 1 }),
  ]

  it('keeps the units in the order the API sends them, each with its lines', () => {
    const blocks = byUnit(lines)
    expect(blocks.map((b) => [b.unitName, b.lines.length])).toEqual([
      ['青山镇', 2],
      ['经开区', 1],
    ])
  })

  it("counts each unit's missing updates, matters and alerts", () => {
    const [qingshan] = byUnit(lines)
    expect([qingshan.missing, qingshan.openMatters, qingshan.overdueMatters, qingshan.openAlerts]).toEqual([1, 2, 1, 2])
  })

  it('adds the units up for the whole sheet', () => {
    expect(totals(byUnit(lines))).toEqual({ projects: 3, missing: 2, openMatters: 3, overdueMatters: 1 })
  })
})
