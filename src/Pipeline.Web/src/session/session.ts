// Who is signed in: the bearer token (kept in sessionStorage, so it lasts as long as the browser tab) and the
// user it belongs to. Signing out, or a 401 from any call, forgets both.
import { reactive, readonly } from 'vue'
import { auth, reference } from '@/api/client'
import { setToken } from '@/api/http'
import type { Me, Role } from '@/api/types'

const storageKey = 'pipeline.token'

interface SessionState {
  token: string | null
  me: Me | null
  unitName: string | null
  /** The ids of the units this user heads (单位负责人): heads approve their units' trips (the API decides which). */
  headOf: number[]
}

const state = reactive<SessionState>({ token: sessionStorage.getItem(storageKey), me: null, unitName: null, headOf: [] })
setToken(state.token)

export const session = readonly(state)

export function hasRole(...roles: Role[]): boolean {
  return state.me?.roles.some((r) => roles.includes(r)) ?? false
}

/** Keeps a token (after sign-in or a password change) and reads who it belongs to. */
export async function startSession(token: string): Promise<Me> {
  state.token = token
  sessionStorage.setItem(storageKey, token)
  setToken(token)
  return loadMe()
}

export async function loadMe(): Promise<Me> {
  const [me, units] = await Promise.all([auth.me(), reference.units()])
  state.me = me
  state.unitName = units.items.find((u) => u.id === me.unitId)?.name ?? null
  state.headOf = units.items.filter((u) => u.headUserId === me.id).map((u) => u.id)
  return me
}

export function endSession(): void {
  state.token = null
  state.me = null
  state.unitName = null
  state.headOf = []
  sessionStorage.removeItem(storageKey)
  setToken(null)
}
