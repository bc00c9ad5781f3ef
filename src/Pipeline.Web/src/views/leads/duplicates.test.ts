import { describe, expect, it } from 'vitest'
import { probeFor, sameProbe } from './duplicates'

describe('when the lead form looks for duplicates', () => {
  it('asks by the folded name, so a legal form or full-width letters typed later change nothing', () => {
    const first = probeFor('ＸＹ新能源', '')
    expect(first).toEqual({ key: 'xy新能源', creditCode: '' })
    expect(sameProbe(first, probeFor('XY 新能源股份有限公司', ''))).toBe(true)
    expect(sameProbe(first, probeFor('XY新能源科技', ''))).toBe(false)
  })

  it('asks by a credit code only once it has its 18 characters', () => {
    expect(probeFor('', '91310000')).toBeNull()
    expect(probeFor('', '91310000mA1k4abc1x')).toEqual({ key: '', creditCode: '91310000MA1K4ABC1X' })
  })

  it('does not ask about a single character', () => {
    expect(probeFor('星', '')).toBeNull()
  })
})
