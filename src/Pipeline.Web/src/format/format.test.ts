import { describe, expect, it } from 'vitest'
import { addDays, amount, cityToday, date, dateTime, landClassName, mu, percent, wan } from './format'

describe('amounts and areas', () => {
  it('writes 万元 with separators and at most two decimals', () => {
    expect(wan(1234567.891)).toBe('1,234,567.89 万元')
    expect(amount(52000)).toBe('52,000')
  })

  it('writes a dash for a missing figure', () => {
    expect(wan(null)).toBe('—')
    expect(mu(undefined)).toBe('—')
    expect(percent(null)).toBe('—')
  })

  it('writes areas in 亩 and rates as percentages', () => {
    expect(mu(66.6667)).toBe('66.67 亩')
    expect(percent(42.5)).toBe('42.5%')
  })
})

describe('dates and times', () => {
  it('keeps business dates as yyyy-MM-dd', () => {
    expect(date('2026-06-15')).toBe('2026-06-15')
    expect(date(null)).toBe('—')
  })

  it('shows instants in Shanghai time whatever the browser zone', () => {
    expect(dateTime('2026-06-15T02:00:00Z')).toBe('2026-06-15 10:00')
    expect(dateTime('2026-06-15T17:30:00Z')).toBe('2026-06-16 01:30')
  })

  it('takes today from the city clock', () => {
    expect(cityToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
  })

  it('adds days across months and years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
  })
})

describe('land-supply classes', () => {
  it('writes the API’s lower-case class as people do', () => {
    expect(landClassName('a')).toBe('A 类')
    expect(landClassName(null)).toBe('—')
  })
})
