// Filters that live in the URL (?year=2026&unitId=3), so a page can be reloaded, bookmarked and sent to a colleague
// exactly as it is. A filter at its default value is left out of the URL.
import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

export type FilterValue = string | number | boolean | undefined

/** Each filter's default; its type (text, number, yes/no) is the default's type. Undefined means "any", as text. */
export type FilterSpec = Record<string, FilterValue>

export type Filters<S extends FilterSpec> = { [K in keyof S]: S[K] extends number ? number : S[K] }

/** The filters a URL's query holds: unknown keys ignored, unreadable values taken as the default. */
export function parseFilters<S extends FilterSpec>(query: LocationQuery, spec: S): Filters<S> {
  const result: Record<string, FilterValue> = {}
  for (const [key, fallback] of Object.entries(spec)) {
    const raw = query[key]
    const text = Array.isArray(raw) ? raw[0] : raw
    if (text === undefined || text === null || text === '') {
      result[key] = fallback
    } else if (typeof fallback === 'number' || (fallback === undefined && isNumericKey(key))) {
      const n = Number(text)
      result[key] = Number.isFinite(n) ? n : fallback
    } else if (typeof fallback === 'boolean') {
      result[key] = text === 'true'
    } else {
      result[key] = text
    }
  }
  return result as Filters<S>
}

/** Ids and counts are numbers even when their default is "any". */
function isNumericKey(key: string): boolean {
  return key.endsWith('Id') || key === 'page' || key === 'pageSize' || key === 'quarter'
}

/** The URL query for these filters: only the ones that differ from their default. */
export function filtersToQuery<S extends FilterSpec>(filters: Partial<Filters<S>>, spec: S): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  for (const [key, fallback] of Object.entries(spec)) {
    const value = (filters as Record<string, FilterValue>)[key]
    if (value !== undefined && value !== '' && value !== fallback) query[key] = String(value)
  }
  return query
}

/**
 * The URL query after a change of these filters: theirs as `filtersToQuery` writes them, and every key they do not own
 * left as it was (a tab's filters keep the page's ?tab=).
 */
export function mergeQuery<S extends FilterSpec>(query: LocationQuery, filters: Partial<Filters<S>>, spec: S): LocationQueryRaw {
  const others = Object.fromEntries(Object.entries(query).filter(([key]) => !(key in spec)))
  return { ...others, ...filtersToQuery(filters, spec) }
}

/**
 * The page's filters, read from the URL; `update` changes some and, unless a page is named, goes back to page 1
 * (a new filter means a new list).
 */
export function useUrlFilters<S extends FilterSpec>(spec: S): {
  filters: ComputedRef<Filters<S>>
  update: (changes: Partial<Filters<S>>) => void
} {
  const route = useRoute()
  const router = useRouter()
  const filters = computed(() => parseFilters(route.query, spec))
  function update(changes: Partial<Filters<S>>) {
    const next = { ...filters.value, ...changes } as Record<string, FilterValue>
    if ('page' in spec && !('page' in changes)) next.page = spec.page
    router.replace({ query: mergeQuery(route.query, next as Partial<Filters<S>>, spec) })
  }
  return { filters, update }
}
