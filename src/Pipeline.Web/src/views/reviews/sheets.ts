// The committee's sheets side by side once a review is decided: each member's points per criterion, and the mean the
// decision used (from `trimmedFrom` sheets on, without one highest and one lowest total, as the API's setting says).
import type { Review, ScoreSheet } from '@/api/types'

export interface SheetTable {
  members: { id: number; name: string; vote: ScoreSheet['vote']; total: number; comment: string | null }[]
  rows: { code: string; name: string; weight: number; points: (number | null)[] }[]
}

export function sheetTable(review: Pick<Review, 'rubric'>, sheets: readonly ScoreSheet[]): SheetTable {
  return {
    members: sheets.map((s) => ({ id: s.memberId, name: s.memberName ?? `委员 ${s.memberId}`, vote: s.vote, total: s.total, comment: s.comment })),
    rows: review.rubric.map((c) => ({
      code: c.code,
      name: c.name,
      weight: c.weight,
      points: sheets.map((s) => s.scores.find((x) => x.criterion === c.code)?.points ?? null),
    })),
  }
}

/** The plain mean of the totals, two decimals half away from zero: what a reader can check the decision's score against. */
export function meanOf(totals: readonly number[]): number | null {
  if (totals.length === 0) return null
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length
  return Math.sign(mean) * Math.round(Math.abs(mean) * 100 * (1 + Number.EPSILON)) / 100
}

/** The mean without one highest and one lowest total. */
export function trimmedMeanOf(totals: readonly number[]): number | null {
  if (totals.length < 3) return meanOf(totals)
  return meanOf([...totals].sort((a, b) => a - b).slice(1, -1))
}

/** How the decision's score was reached, in words: the plain mean, or the mean without the highest and lowest. */
export function scoreBasis(score: number, totals: readonly number[]): string {
  if (totals.length >= 3 && score === trimmedMeanOf(totals) && score !== meanOf(totals)) return '去掉一个最高分和一个最低分后的平均分'
  return '各委员总分的平均分'
}
