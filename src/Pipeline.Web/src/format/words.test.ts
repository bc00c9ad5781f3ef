import { describe, expect, it } from 'vitest'
import { nameOf, stageNames, stageOrder } from './words'

describe('Chinese names', () => {
  it('names every stage in order', () => {
    expect(stageOrder.map((s) => stageNames[s]).join('')).toBe('洽谈预审签约供地开工投产终止')
  })

  it('falls back to the code for one the workspace does not know yet', () => {
    expect(nameOf(stageNames, 'reviewPassed')).toBe('reviewPassed')
    expect(nameOf(stageNames, null)).toBe('')
  })
})
