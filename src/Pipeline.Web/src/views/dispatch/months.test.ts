import { describe, expect, it } from 'vitest'
import { addMonths, fileableMonths, monthName, monthOf, owedState } from './months'

describe('months of the 调度', () => {
  it('steps across the turn of the year both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2027-01', -1)).toBe('2026-12')
    expect(addMonths('2026-03', -14)).toBe('2025-01')
  })

  it('writes a month as people read it', () => {
    expect(monthName('2026-01')).toBe('2026年1月')
    expect(monthOf('2026-11-30')).toBe('2026-11')
  })

  it('offers this month and the two before it, newest first', () => {
    expect(fileableMonths('2026-01-03')).toEqual(['2026-01', '2025-12', '2025-11'])
  })

  it('puts an older month the page was opened for first, and never a month not yet begun', () => {
    expect(fileableMonths('2026-12-01', '2026-06')).toEqual(['2026-06', '2026-12', '2026-11', '2026-10'])
    expect(fileableMonths('2026-12-01', '2027-01')).toEqual(['2026-12', '2026-11', '2026-10'])
    expect(fileableMonths('2026-12-01', 'garbage')).toEqual(['2026-12', '2026-11', '2026-10'])
  })
})

describe('what an owed update says', () => {
  const owed = { updateId: null, missing: false, late: false, dueOn: '2026-12-05' }

  it('is due until its day and overdue after it', () => {
    expect(owedState(owed, '2026-12-05')).toBe('due')
    expect(owedState(owed, '2026-12-06')).toBe('overdue')
    expect(owedState({ ...owed, missing: true }, '2026-12-01')).toBe('overdue')
  })

  it('is filed once it has come, late when after its day', () => {
    expect(owedState({ ...owed, updateId: 3 }, '2026-12-09')).toBe('filed')
    expect(owedState({ ...owed, updateId: 3, late: true }, '2026-12-09')).toBe('late')
  })
})
