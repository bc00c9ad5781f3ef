import { describe, expect, it } from 'vitest'
import { levelNames, nameOf, optionsOf, stageNames, stageOrder } from './words'

describe('Chinese names', () => {
  it('names every stage in order', () => {
    expect(stageOrder.map((s) => stageNames[s]).join('')).toBe('洽谈预审签约供地开工投产终止')
  })

  it('falls back to the code for one the workspace does not know yet', () => {
    expect(nameOf(stageNames, 'reviewPassed')).toBe('reviewPassed')
    expect(nameOf(stageNames, null)).toBe('')
  })

  it('offers a name table as choices, code and name, in its order', () => {
    expect(optionsOf(levelNames)).toEqual([
      { value: 'red', label: '红色' },
      { value: 'orange', label: '橙色' },
      { value: 'yellow', label: '黄色' },
    ])
  })
})
