import { describe, expect, it } from 'vitest'
import { createApp, nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Paged } from '@/api/types'
import type { Paging } from './usePagedList'
import { usePagedList } from './usePagedList'

async function atUrl(url: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: {} }] })
  await router.push(url)
  const app = createApp({})
  app.use(router)
  return { router, run: <R>(setup: () => R) => app.runWithContext(setup) }
}

/** Lets the loader's promise settle and the router's navigation finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0)).then(nextTick)

function recorder(total: number) {
  const calls: { status: string | undefined; paging: Paging }[] = []
  const load = async (filters: { status: string | undefined }, paging: Paging): Promise<Paged<number>> => {
    calls.push({ status: filters.status, paging })
    return { items: [1, 2], total, page: paging.page, pageSize: paging.pageSize }
  }
  return { calls, load }
}

describe('a list the server pages', () => {
  it('loads the page and filters the URL holds, with the fixed page size', async () => {
    const { run } = await atUrl('/list?status=open&page=3')
    const { calls, load } = recorder(45)
    const paged = run(() => usePagedList({ status: undefined as string | undefined }, load))
    await settle()
    expect(calls).toEqual([{ status: 'open', paging: { page: 3, pageSize: 20 } }])
    expect(paged.pager.value).toMatchObject({ currentPage: 3, pageSize: 20, total: 45 })
    expect(paged.morePages.value).toBe(true)
  })

  it('writes another page into the URL and loads it', async () => {
    const { router, run } = await atUrl('/list?status=open')
    const { calls, load } = recorder(45)
    const paged = run(() => usePagedList({ status: undefined as string | undefined }, load, 50))
    await settle()
    paged.pager.value.onCurrentChange(2)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ status: 'open', page: '2' })
    expect(calls.at(-1)).toEqual({ status: 'open', paging: { page: 2, pageSize: 50 } })
    expect(paged.morePages.value).toBe(false)
  })

  it('goes back to the first page when a filter changes', async () => {
    const { router, run } = await atUrl('/list?page=4')
    const { load } = recorder(100)
    const paged = run(() => usePagedList({ status: undefined as string | undefined }, load))
    await settle()
    paged.update({ status: 'closed' })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ status: 'closed' })
  })

  it('takes the page size from the URL when the spec has one', async () => {
    const { run } = await atUrl('/list?pageSize=100')
    const { calls, load } = recorder(150)
    const paged = run(() => usePagedList({ status: undefined as string | undefined, pageSize: 20 }, load))
    await settle()
    expect(calls[0].paging).toEqual({ page: 1, pageSize: 100 })
    expect(paged.pager.value.pageSize).toBe(100)
  })
})
