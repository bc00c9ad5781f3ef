import { describe, expect, it } from 'vitest'
import { url } from './http'

describe('request addresses', () => {
  it('leaves empty filters out of the query', () => {
    expect(url('/api/projects', { stage: 'signed', q: '', unitId: undefined, leaderId: null, page: 2 })).toBe('/api/projects?stage=signed&page=2')
  })

  it('encodes Chinese search text', () => {
    expect(url('/api/projects', { q: '智能 装备' })).toBe('/api/projects?q=%E6%99%BA%E8%83%BD+%E8%A3%85%E5%A4%87')
  })

  it('asks for no query at all when there is none', () => {
    expect(url('/api/me')).toBe('/api/me')
  })
})
