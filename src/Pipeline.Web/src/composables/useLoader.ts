// Loading a page's data: what arrived, whether it is on its way, and the error to show instead. A newer load wins
// over an older one still on its way (filters changed quickly).
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { ApiError, errorMessage } from '@/api/problems'

export interface Loader<T> {
  data: ShallowRef<T | undefined>
  loading: Ref<boolean>
  error: Ref<string | null>
  /** 403 or 404 from the API: the page says so instead of showing its content. */
  status: Ref<number | null>
  reload: () => Promise<void>
}

export function useLoader<T>(load: () => Promise<T>): Loader<T> {
  const data = shallowRef<T>()
  const loading = ref(false)
  const error = ref<string | null>(null)
  const status = ref<number | null>(null)
  let latest = 0
  async function reload() {
    const mine = ++latest
    loading.value = true
    error.value = null
    try {
      const result = await load()
      if (mine === latest) {
        data.value = result
        status.value = null
      }
    } catch (e) {
      if (mine !== latest) return
      status.value = e instanceof ApiError && (e.status === 403 || e.status === 404) ? e.status : null
      error.value = errorMessage(e)
    } finally {
      if (mine === latest) loading.value = false
    }
  }
  return { data, loading, error, status, reload }
}
