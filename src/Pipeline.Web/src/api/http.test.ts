import { describe, expect, it, vi } from 'vitest'
import { getFresh, setToken, url } from './http'

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

describe('conditional reads', () => {
  it('sends the last ETag and returns the last answer on 304', async () => {
    const sent: (string | null)[] = []
    const answers = [
      new Response(JSON.stringify({ red: 2 }), { status: 200, headers: { ETag: '"d7-abc"' } }),
      new Response(null, { status: 304, headers: { ETag: '"d7-abc"' } }),
    ]
    vi.stubGlobal('fetch', async (_: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('If-None-Match'))
      return answers.shift()!
    })
    setToken('token-a')

    const first = await getFresh<{ red: number }>('/api/alerts/summary')
    const second = await getFresh<{ red: number }>('/api/alerts/summary')

    expect(sent).toEqual([null, '"d7-abc"'])
    expect(second).toEqual(first)
    vi.unstubAllGlobals()
  })

  it('forgets the answers when the user changes', async () => {
    const sent: (string | null)[] = []
    vi.stubGlobal('fetch', async (_: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('If-None-Match'))
      return new Response('{}', { status: 200, headers: { ETag: '"d8-def"' } })
    })
    setToken('token-a')
    await getFresh('/api/notifications')
    setToken('token-b')
    await getFresh('/api/notifications')

    expect(sent).toEqual([null, null])
    vi.unstubAllGlobals()
  })
})
