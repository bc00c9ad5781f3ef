import { describe, expect, it } from 'vitest'
import { monthGrid } from './calendarGrid'

describe('the holiday calendar month grid', () => {
  it('starts on the Monday before the first and ends with the week of the last', () => {
    const weeks = monthGrid(2026, 10, [])
    expect(weeks[0][0].day).toBe('2026-09-28')
    expect(weeks[0][3]).toMatchObject({ day: '2026-10-01', date: 1, inMonth: true })
    expect(weeks.at(-1)!.at(-1)!.day).toBe('2026-11-01')
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })

  it('tells weekends from working days by default', () => {
    const days = monthGrid(2026, 10, []).flat()
    expect(days.find((d) => d.day === '2026-10-03')!.kind).toBe('weekend')
    expect(days.find((d) => d.day === '2026-10-05')!.kind).toBe('workday')
  })

  it('shows holidays and the weekends worked instead (调休)', () => {
    const days = monthGrid(2026, 10, [
      { day: '2026-10-01', isWorkingDay: false, name: '国庆节' },
      { day: '2026-10-10', isWorkingDay: true, name: '国庆调休' },
    ]).flat()
    expect(days.find((d) => d.day === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', marked: true })
    expect(days.find((d) => d.day === '2026-10-10')).toMatchObject({ kind: 'adjustedWorkday', marked: true })
  })

  it('has six rows for a month that needs them and four for a February that fits', () => {
    expect(monthGrid(2026, 8, [])).toHaveLength(6)
    expect(monthGrid(2027, 2, [])).toHaveLength(4)
  })
})
