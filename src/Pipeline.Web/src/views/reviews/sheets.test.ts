import { describe, expect, it } from 'vitest'
import type { ScoreSheet } from '@/api/types'
import { meanOf, scoreBasis, sheetTable, trimmedMeanOf } from './sheets'

const sheet = (memberId: number, total: number, points: Record<string, number>): ScoreSheet => ({
  memberId,
  memberName: `委员${memberId}`,
  vote: 'approve',
  total,
  comment: null,
  scores: Object.entries(points).map(([criterion, p]) => ({ criterion, points: p })),
  updatedAt: '2026-06-01T00:00:00Z',
})

describe('the decided review’s sheets', () => {
  it('lays the sheets side by side, a row per criterion', () => {
    const rubric = [
      { code: 'scale', name: '投资规模', weight: 17, indicator: null, suggested: null },
      { code: 'tax', name: '税收贡献', weight: 16, indicator: 'taxPerMu' as const, suggested: 16 },
    ]
    const table = sheetTable({ rubric }, [sheet(1, 30, { scale: 15, tax: 15 }), sheet(2, 28, { scale: 12 })])
    expect(table.members.map((m) => m.name)).toEqual(['委员1', '委员2'])
    expect(table.rows[0]).toMatchObject({ name: '投资规模', points: [15, 12] })
    expect(table.rows[1].points).toEqual([15, null])
  })

  it('works out the plain and the trimmed mean to two decimals', () => {
    expect(meanOf([80, 85, 90.5])).toBe(85.17)
    expect(trimmedMeanOf([60, 80, 85, 90, 99])).toBe(85)
    expect(meanOf([])).toBeNull()
  })

  it('says which mean the decision used', () => {
    expect(scoreBasis(85.17, [80, 85, 90.5])).toBe('各委员总分的平均分')
    expect(scoreBasis(85, [60, 80, 85, 90, 99])).toContain('去掉一个最高分')
  })
})
