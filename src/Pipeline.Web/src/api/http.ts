// The one way the workspace talks to the API: JSON over fetch, the bearer token on every call, problem details
// turned into ApiError. A 401 means the session is over: whoever registered onUnauthorized (the router) takes the
// person back to 登录.
import { ApiError, type ProblemDetails } from './problems'

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** The ETag of the last read, for updates (If-Match). */
  version?: number
  signal?: AbortSignal
}

let token: string | null = null
let unauthorized: () => void = () => {}

/** The last answer to each conditional GET, by address, with its ETag: the caller's copy that a 304 confirms. */
const remembered = new Map<string, { etag: string; body: unknown }>()

export function setToken(value: string | null): void {
  token = value
  // Another user's answers must not be confirmed for this one.
  remembered.clear()
}

export function onUnauthorized(handler: () => void): void {
  unauthorized = handler
}

/** `/api/projects` with `{ stage: 'signed', q: '' }` → `/api/projects?stage=signed`: empty values are left out. */
export function url(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

function headers(options: RequestOptions, json: boolean): Headers {
  const result = new Headers({ Accept: 'application/json', 'Accept-Language': 'zh-CN' })
  if (token) result.set('Authorization', `Bearer ${token}`)
  if (json) result.set('Content-Type', 'application/json')
  if (options.version !== undefined) result.set('If-Match', `"${options.version}"`)
  return result
}

async function fail(response: Response): Promise<never> {
  let problem: ProblemDetails = {}
  try {
    problem = (await response.json()) as ProblemDetails
  } catch {
    // Not a problem document (a proxy's error page, say): the status alone tells.
  }
  if (response.status === 401 && token) unauthorized()
  throw new ApiError(response.status, problem)
}

export async function send<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const json = options.body !== undefined && !(options.body instanceof FormData)
  const response = await fetch(url(path, options.query), {
    method,
    headers: headers(options, json),
    body: json ? JSON.stringify(options.body) : (options.body as FormData | undefined),
    signal: options.signal,
  })
  if (!response.ok) return fail(response)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', path, { query, signal })

/**
 * A GET for what the workspace refreshes (the cockpit's reports, the alert inbox, the bell): it sends the ETag of its
 * last answer in If-None-Match, and on 304 Not Modified returns that answer again, so the API skips the query when
 * nothing changed.
 */
export async function getFresh<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const address = url(path, query)
  const last = remembered.get(address)
  const request = headers({}, false)
  if (last) request.set('If-None-Match', last.etag)
  const response = await fetch(address, { method: 'GET', headers: request, signal })
  if (response.status === 304 && last) return last.body as T
  if (!response.ok) return fail(response)
  const body = (await response.json()) as T
  const etag = response.headers.get('ETag')
  if (etag) remembered.set(address, { etag, body })
  return body
}

export const post = <T>(path: string, body?: unknown, version?: number) => send<T>('POST', path, { body: body ?? {}, version })

/** A file from the API as a blob, for showing in the page (an image attachment's thumbnail): the token goes with it. */
export async function blob(path: string, query?: Query): Promise<Blob> {
  const response = await fetch(url(path, query), { headers: headers({}, false) })
  if (!response.ok) return fail(response)
  return response.blob()
}

/** A file from the API (an Excel export, an attachment), saved under the name the API gives it. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await fetch(url(path, query), { headers: headers({}, false) })
  if (!response.ok) return fail(response)
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  const link = document.createElement('a')
  link.href = URL.createObjectURL(await response.blob())
  link.download = name ? decodeURIComponent(name) : fallbackName
  link.click()
  // The browser reads the blob once the download has begun, after this task: released a while later, not at once.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
}

/**
 * A form upload with progress (fetch cannot report upload progress; XMLHttpRequest can). `progress` gets the share
 * sent, 0 to 1.
 */
export function upload<T>(path: string, query: Query, form: FormData, progress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url(path, query))
    headers({}, false).forEach((value, key) => xhr.setRequestHeader(key, value))
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total)
    xhr.onerror = () => reject(new TypeError('network'))
    xhr.onload = () => {
      const body = parsed(xhr.responseText)
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T)
      if (xhr.status === 401 && token) unauthorized()
      reject(new ApiError(xhr.status, body as ProblemDetails))
    }
    xhr.send(form)
  })
}

/** An answer's JSON, or nothing when it has none (a proxy's or the server's bare 413, say): the status alone tells. */
function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return {}
  }
}
