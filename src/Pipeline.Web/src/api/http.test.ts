import { afterEach, describe, expect, it, vi } from 'vitest'
import { download, getFresh, send, setToken, upload, url } from './http'

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

/** A fetch that records the headers of each call and answers `body`. */
function recordingFetch(body: BodyInit | null, status = 200): Headers[] {
  const seen: Headers[] = []
  vi.stubGlobal('fetch', async (_: string, init: RequestInit) => {
    seen.push(new Headers(init.headers))
    return new Response(body, { status })
  })
  return seen
}

/** An XMLHttpRequest that records the headers set on it and answers 201 with `{}` when sent. */
class RecordingXhr {
  static headers: Record<string, string> = {}
  status = 201
  responseText = '{"id":7}'
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  open() {}
  setRequestHeader(key: string, value: string) {
    RecordingXhr.headers[key.toLowerCase()] = value
  }
  send() {
    this.onload?.()
  }
}

describe('every call to the API', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    setToken(null)
  })

  it('asks for Chinese and carries the bearer token on JSON calls', async () => {
    const seen = recordingFetch('{}')
    setToken('abc')

    await send('POST', '/api/projects', { body: { name: '项目' }, version: 3 })

    expect(seen[0].get('Accept-Language')).toBe('zh-CN')
    expect(seen[0].get('Authorization')).toBe('Bearer abc')
    expect(seen[0].get('If-Match')).toBe('"3"')
  })

  it('asks for Chinese on file downloads', async () => {
    const seen = recordingFetch('xlsx')
    vi.stubGlobal('document', { createElement: () => ({ click() {} }) })

    await download('/api/dispatch-sheet', { month: '2026-11', format: 'xlsx' }, '调度表.xlsx')

    expect(seen[0].get('Accept-Language')).toBe('zh-CN')
  })

  it('asks for Chinese on uploads', async () => {
    vi.stubGlobal('XMLHttpRequest', RecordingXhr)
    setToken('abc')

    const answer = await upload<{ id: number }>('/api/updates/1/attachments', {}, new FormData(), () => {})

    expect(answer.id).toBe(7)
    expect(RecordingXhr.headers['accept-language']).toBe('zh-CN')
    expect(RecordingXhr.headers['authorization']).toBe('Bearer abc')
  })
})

/** An XMLHttpRequest that answers with a status and a body of its choosing. */
function answeringXhr(status: number, responseText: string) {
  return class extends RecordingXhr {
    status = status
    responseText = responseText
  }
}

describe('uploads refused', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('says the file is too big when the server answers a bare 413', async () => {
    vi.stubGlobal('XMLHttpRequest', answeringXhr(413, '<html>Request Entity Too Large</html>'))

    await expect(upload('/api/projects/1/attachments', {}, new FormData(), () => {})).rejects.toMatchObject({ status: 413, message: '文件太大' })
  })

  it("gives the API's words for a refused file type", async () => {
    vi.stubGlobal('XMLHttpRequest', answeringXhr(400, JSON.stringify({ status: 400, detail: '不支持该文件类型：只接受 PDF、图片、Office 和 WPS 文件' })))

    await expect(upload('/api/projects/1/attachments', {}, new FormData(), () => {})).rejects.toMatchObject({
      status: 400,
      message: '不支持该文件类型：只接受 PDF、图片、Office 和 WPS 文件',
    })
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
