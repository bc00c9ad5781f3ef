import { describe, expect, it } from 'vitest'
import { foldCompanyName } from './companyName'

describe('company names as the API compares them', () => {
  it('folds full-width letters and drops spaces and case', () => {
    expect(foldCompanyName(' ＸＹ新能源 ')).toBe('xy新能源')
  })

  it('drops the legal form, the longest first', () => {
    expect(foldCompanyName('星河科技股份有限公司')).toBe('星河科技')
    expect(foldCompanyName('星河科技有限责任公司')).toBe('星河科技')
    expect(foldCompanyName('Acme Robotics Co., Ltd.')).toBe('acmerobotics')
  })

  it('drops stacked suffixes and trailing punctuation', () => {
    expect(foldCompanyName('澜海集团有限公司分公司。')).toBe('澜海')
  })

  it('unifies brackets, so 【苏州】 and (苏州) are one', () => {
    expect(foldCompanyName('澜海（苏州）有限公司')).toBe(foldCompanyName('澜海(苏州)公司'))
    expect(foldCompanyName('澜海【苏州】有限公司')).toBe('澜海(苏州)')
  })

  it('never folds a name to nothing: a suffix is dropped only from something longer', () => {
    expect(foldCompanyName('有限公司')).toBe('有限')
    expect(foldCompanyName('公司')).toBe('公司')
  })
})
