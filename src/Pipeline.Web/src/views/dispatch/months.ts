// The months of the 调度 as people write them (yyyy-MM, read as "2026年11月"), and which of them a person owes.

/** The month a yyyy-MM-dd day falls in, yyyy-MM. */
export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** A month some months after (or, negative, before) a yyyy-MM month. */
export function addMonths(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number)
  const index = year * 12 + (number - 1) + months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** "2026-11" → "2026年11月". */
export function monthName(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return `${year}年${number}月`
}

/**
 * The months a form offers on `today`: this month (it has begun, so it may be filed) and the two before it, newest
 * first; the month the page was opened for comes first when it is older.
 */
export function fileableMonths(today: string, wanted?: string): string[] {
  const current = monthOf(today)
  const months = [current, addMonths(current, -1), addMonths(current, -2)]
  if (wanted && /^\d{4}-\d{2}$/.test(wanted) && wanted <= current && !months.includes(wanted)) months.unshift(wanted)
  return months
}

/** What a person reads of an owed update: filed (on time or late), due by its day, or overdue. */
export function owedState(status: { updateId: number | null; missing: boolean; late: boolean; dueOn: string }, today: string): 'filed' | 'late' | 'due' | 'overdue' {
  if (status.updateId != null) return status.late ? 'late' : 'filed'
  return status.missing || status.dueOn < today ? 'overdue' : 'due'
}

export const owedStateNames: Record<ReturnType<typeof owedState>, string> = { filed: '已填报', late: '逾期补报', due: '待填报', overdue: '逾期未报' }
