import { describe, expect, it } from 'vitest'
import { filtersToQuery, mergeQuery, parseFilters } from './urlFilters'

const spec = { year: 2026, quarter: undefined as number | undefined, unitId: undefined as number | undefined, status: 'unresolved', mine: false }

describe('filters in the URL', () => {
  it('reads numbers, text and yes/no, defaults for what is missing', () => {
    expect(parseFilters({ year: '2025', unitId: '7', mine: 'true' }, spec)).toEqual({
      year: 2025,
      quarter: undefined,
      unitId: 7,
      status: 'unresolved',
      mine: true,
    })
  })

  it('takes the default for a value it cannot read', () => {
    expect(parseFilters({ year: 'abc', quarter: 'x' }, spec).year).toBe(2026)
    expect(parseFilters({ quarter: 'x' }, spec).quarter).toBeUndefined()
  })

  it('leaves defaults out of the URL', () => {
    expect(filtersToQuery({ year: 2026, quarter: 2, unitId: undefined, status: 'unresolved', mine: false }, spec)).toEqual({ quarter: '2' })
  })

  it('round-trips a link sent to a colleague', () => {
    const query = filtersToQuery({ year: 2024, unitId: 3, status: 'resolved', mine: true }, spec)
    expect(parseFilters(query as Record<string, string>, spec)).toEqual({ year: 2024, quarter: undefined, unitId: 3, status: 'resolved', mine: true })
  })
})

describe('a change of some filters', () => {
  const sheet = { month: '2026-11', unitId: undefined as number | undefined }

  it("keeps the keys other filters own, such as the page's tab", () => {
    expect(mergeQuery({ tab: 'sheet', month: '2026-10' }, { month: '2026-10', unitId: 7 }, sheet)).toEqual({ tab: 'sheet', month: '2026-10', unitId: '7' })
  })

  it('drops its own filters that went back to their defaults', () => {
    expect(mergeQuery({ tab: 'sheet', unitId: '7' }, { month: '2026-11', unitId: undefined }, sheet)).toEqual({ tab: 'sheet' })
  })
})
