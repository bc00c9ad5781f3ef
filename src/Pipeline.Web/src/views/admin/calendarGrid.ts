// The holiday calendar as a month grid (Monday first, as Chinese calendars print it): each day is a working day or
// not by default (weekends are not), unless the calendar says otherwise — a holiday, or a weekend worked in exchange
// for one (调休).
import type { CalendarDay } from '@/api/types'

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjustedWorkday'

export interface GridDay {
  /** yyyy-MM-dd. */
  day: string
  date: number
  inMonth: boolean
  kind: DayKind
  /** The calendar's own entry for the day, when it has one. */
  name: string | null
  marked: boolean
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** The weeks (rows of seven, Monday first) that show month `month` (1–12) of `year`, with the days around it. */
export function monthGrid(year: number, month: number, days: readonly CalendarDay[]): GridDay[][] {
  const byDay = new Map(days.map((d) => [d.day, d]))
  const first = new Date(Date.UTC(year, month - 1, 1))
  const start = new Date(first)
  start.setUTCDate(1 - ((first.getUTCDay() + 6) % 7))
  const weeks: GridDay[][] = []
  const cursor = new Date(start)
  do {
    const week: GridDay[] = []
    for (let i = 0; i < 7; i++) {
      const day = iso(cursor)
      const weekend = cursor.getUTCDay() === 0 || cursor.getUTCDay() === 6
      const entry = byDay.get(day)
      let kind: DayKind = weekend ? 'weekend' : 'workday'
      if (entry) kind = entry.isWorkingDay ? (weekend ? 'adjustedWorkday' : 'workday') : 'holiday'
      week.push({ day, date: cursor.getUTCDate(), inMonth: cursor.getUTCMonth() === month - 1, kind, name: entry?.name ?? null, marked: !!entry })
      cursor.setUTCDate(cursor.getUTCDate() + 1)
    }
    weeks.push(week)
  } while (cursor.getUTCMonth() === month - 1)
  return weeks
}

export const dayKindNames: Record<DayKind, string> = { workday: '工作日', weekend: '休息日', holiday: '节假日', adjustedWorkday: '调休上班' }
