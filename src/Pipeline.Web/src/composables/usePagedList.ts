// A list the server pages: its filters and page in the URL (useUrlFilters), loaded again whenever they change, and
// the props of the page switcher (el-pagination) that goes with it.
import { computed, watch, type ComputedRef } from 'vue'
import type { Paged } from '@/api/types'
import { useUrlFilters, type FilterSpec, type Filters } from './urlFilters'
import { useLoader, type Loader } from './useLoader'

export interface Paging {
  page: number
  pageSize: number
}

type PagedSpec<S extends FilterSpec> = S & { page: number }

/** For `<el-pagination v-bind="pager">`: the page, its size, the total and the move to another page. */
export interface Pager {
  currentPage: number
  pageSize: number
  total: number
  onCurrentChange: (page: number) => void
}

export interface PagedList<S extends FilterSpec, T> {
  filters: ComputedRef<Filters<PagedSpec<S>>>
  update: (changes: Partial<Filters<PagedSpec<S>>>) => void
  list: Loader<Paged<T>>
  pager: ComputedRef<Pager>
  /** More than one page to switch between. */
  morePages: ComputedRef<boolean>
}

/**
 * `spec` holds the filters (see useUrlFilters); the page is added to it. The page size is `pageSize`, unless the
 * spec has its own `pageSize`, which the person then chooses and the URL keeps.
 */
export function usePagedList<S extends FilterSpec, T>(
  spec: S,
  load: (filters: Filters<PagedSpec<S>>, paging: Paging) => Promise<Paged<T>>,
  pageSize = 20,
): PagedList<S, T> {
  const { filters, update } = useUrlFilters<PagedSpec<S>>({ ...spec, page: 1 })
  const paging = computed<Paging>(() => {
    const own = (filters.value as Record<string, unknown>).pageSize
    return { page: filters.value.page as number, pageSize: typeof own === 'number' ? own : pageSize }
  })
  const list = useLoader(() => load(filters.value, paging.value))
  watch(filters, () => list.reload(), { immediate: true })
  const pager = computed<Pager>(() => ({
    currentPage: paging.value.page,
    pageSize: paging.value.pageSize,
    total: list.data.value?.total ?? 0,
    onCurrentChange: (page: number) => update({ page } as Partial<Filters<PagedSpec<S>>>),
  }))
  const morePages = computed(() => pager.value.total > pager.value.pageSize)
  return { filters, update, list, pager, morePages }
}
