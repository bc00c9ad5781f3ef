// The pre-review's indicators while the application is typed: the same formulas as the API's
// (Pipeline.Domain.Reviews.Indicators) against the entry standard it would pick (EntryStandards.Pick). Only a preview:
// the API computes them again, exactly, when the application is filed, and that result is what the committee sees.
import type { Direction, EntryStandard, Indicator, IndicatorResult } from '@/api/types'

export interface ApplicantFigures {
  landAreaMu?: number | null
  fixedAssetInvestment?: number | null
  annualOutput?: number | null
  annualTax?: number | null
  annualEnergyTce?: number | null
  plotRatio?: number | null
  rdRatio?: number | null
}

/** The preview has the shape of the API's result, so that the same table shows both. */
export type IndicatorPreview = IndicatorResult

const info: { indicator: Indicator; name: string; unit: string; direction: Direction }[] = [
  { indicator: 'investmentIntensity', name: '投资强度', unit: '万元/亩', direction: 'atLeast' },
  { indicator: 'taxPerMu', name: '亩均税收', unit: '万元/亩', direction: 'atLeast' },
  { indicator: 'outputPerMu', name: '亩均产值', unit: '万元/亩', direction: 'atLeast' },
  { indicator: 'energyIntensity', name: '单位产值能耗', unit: '吨标煤/万元', direction: 'atMost' },
  { indicator: 'plotRatio', name: '容积率', unit: '', direction: 'range' },
  { indicator: 'rdRatio', name: '研发投入占比', unit: '%', direction: 'atLeast' },
]

/** Four decimals, half away from zero, as the API rounds. */
export function round4(value: number): number {
  const scaled = Math.abs(value) * 10_000
  // A float like 1.00005 may sit a hair below its decimal: nudge by a relative epsilon before rounding.
  return (Math.sign(value) * Math.round(scaled * (1 + Number.EPSILON))) / 10_000
}

function divide(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null || denominator === 0) return null
  return round4(numerator / denominator)
}

export function computeIndicators(f: ApplicantFigures): Record<Indicator, number | null> {
  return {
    investmentIntensity: divide(f.fixedAssetInvestment, f.landAreaMu),
    taxPerMu: divide(f.annualTax, f.landAreaMu),
    outputPerMu: divide(f.annualOutput, f.landAreaMu),
    energyIntensity: divide(f.annualEnergyTce, f.annualOutput),
    plotRatio: f.plotRatio ?? null,
    rdRatio: f.rdRatio ?? null,
  }
}

/**
 * The standard for a project: the most specific industry code that prefixes the project's (C3911 → C39 → C → the
 * default row), a park's own (one of the project's unit and the units above it) before the general one.
 */
export function pickStandard(standards: readonly EntryStandard[], industryCode: string, parkUnitIds: readonly number[]): EntryStandard | null {
  const code = industryCode.toUpperCase()
  const fitting = standards
    .filter((s) => s.industryCode == null || code.startsWith(s.industryCode.toUpperCase()))
    .filter((s) => s.parkUnitId == null || parkUnitIds.includes(s.parkUnitId))
  fitting.sort((a, b) => (b.industryCode?.length ?? -1) - (a.industryCode?.length ?? -1) || Number(b.parkUnitId != null) - Number(a.parkUnitId != null))
  return fitting[0] ?? null
}

/** Every indicator of the figures against the standard, in the API's order. */
export function previewIndicators(figures: ApplicantFigures, standard: EntryStandard | null): IndicatorPreview[] {
  const values = computeIndicators(figures)
  return info.map((i) => {
    const threshold = standard?.thresholds.find((t) => t.indicator === i.indicator)
    const value = values[i.indicator]
    const min = threshold?.min ?? null
    const max = threshold?.max ?? null
    if (value == null || (min == null && max == null)) return { ...i, value, min, max, met: null, gap: null }
    const gap = round4(Math.min(min == null ? Infinity : value - min, max == null ? Infinity : max - value))
    return { ...i, value, min, max, met: gap >= 0, gap }
  })
}

/** The units a project's unit sits in, itself first: where a park's own standard may apply. */
export function unitChain(units: readonly { id: number; parentId: number | null }[], unitId: number): number[] {
  const chain: number[] = []
  let current = units.find((u) => u.id === unitId)
  while (current && !chain.includes(current.id)) {
    chain.push(current.id)
    current = units.find((u) => u.id === current!.parentId)
  }
  return chain
}
