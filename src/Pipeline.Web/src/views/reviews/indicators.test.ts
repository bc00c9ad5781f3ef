import { describe, expect, it } from 'vitest'
import type { EntryStandard, Threshold } from '@/api/types'
import { computeIndicators, pickStandard, previewIndicators, round4, unitChain } from './indicators'

function threshold(indicator: Threshold['indicator'], min: number | null, max: number | null): Threshold {
  return { indicator, name: '', unit: '', direction: 'atLeast', min, max }
}

function standard(id: number, industryCode: string | null, parkUnitId: number | null = null): EntryStandard {
  return {
    id,
    industryCode,
    parkUnitId,
    name: `标准${id}`,
    version: 1,
    thresholds: [threshold('investmentIntensity', 400, null), threshold('taxPerMu', 30, null), threshold('energyIntensity', null, 0.3), threshold('plotRatio', 1.2, 3)],
  }
}

describe('the indicator preview', () => {
  it('computes per 亩 and per 万元 of output, rounded to four decimals', () => {
    const values = computeIndicators({ landAreaMu: 60, fixedAssetInvestment: 30000, annualOutput: 45000, annualTax: 2000, annualEnergyTce: 9000 })
    expect(values.investmentIntensity).toBe(500)
    expect(values.taxPerMu).toBe(33.3333)
    expect(values.outputPerMu).toBe(750)
    expect(values.energyIntensity).toBe(0.2)
  })

  it('rounds half away from zero, as the API does', () => {
    expect(round4(1.00005)).toBe(1.0001)
    expect(round4(2 / 3)).toBe(0.6667)
    expect(round4(-1.00005)).toBe(-1.0001)
  })

  it('leaves what cannot be computed yet empty rather than dividing by zero', () => {
    const values = computeIndicators({ landAreaMu: 0, fixedAssetInvestment: 100, annualOutput: 0, annualEnergyTce: 5 })
    expect(values.investmentIntensity).toBeNull()
    expect(values.energyIntensity).toBeNull()
  })

  it('checks each against its threshold: minimum, maximum and range', () => {
    const rows = previewIndicators(
      { landAreaMu: 100, fixedAssetInvestment: 35000, annualOutput: 50000, annualTax: 3500, annualEnergyTce: 20000, plotRatio: 0.9 },
      standard(1, 'C39'),
    )
    const by = Object.fromEntries(rows.map((r) => [r.indicator, r]))
    expect(by.investmentIntensity).toMatchObject({ value: 350, met: false, gap: -50 })
    expect(by.taxPerMu).toMatchObject({ value: 35, met: true, gap: 5 })
    expect(by.energyIntensity).toMatchObject({ value: 0.4, met: false, gap: -0.1 })
    expect(by.plotRatio).toMatchObject({ value: 0.9, met: false, gap: -0.3 })
    expect(by.outputPerMu).toMatchObject({ value: 500, met: null })
    expect(by.rdRatio).toMatchObject({ value: null, met: null })
  })

  it('picks the most specific industry, a park of the unit first, else the default row', () => {
    const standards = [standard(1, null), standard(2, 'C39'), standard(3, 'C39', 7), standard(4, 'C3911')]
    expect(pickStandard(standards, 'C3911', [])?.id).toBe(4)
    expect(pickStandard(standards, 'c3921', [9, 7])?.id).toBe(3)
    expect(pickStandard(standards, 'C3921', [9])?.id).toBe(2)
    expect(pickStandard(standards, 'C26', [])?.id).toBe(1)
    expect(pickStandard([], 'C26', [])).toBeNull()
  })

  it('climbs the unit tree from the project unit', () => {
    const units = [
      { id: 1, parentId: null },
      { id: 7, parentId: 1 },
      { id: 9, parentId: 7 },
    ]
    expect(unitChain(units, 9)).toEqual([9, 7, 1])
    expect(unitChain(units, 42)).toEqual([])
  })
})
