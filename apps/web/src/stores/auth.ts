import type { Me, Session } from '@gridgov/domain'
import type { UiAction } from '../utils/access'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError, apiGet, apiSend, configureApi } from '../composables/useApi'
import { roleCan } from '../utils/access'
import { useTerritoryStore } from './territory'

/**
 * The signed-in user. The session itself is an HttpOnly cookie the page cannot read; what we keep
 * is the server's answer to login/session: who the user is and the CSRF token for writes.
 */
export const useAuthStore = defineStore('auth', () => {
  const session = shallowRef<Session | null>(null)
  /** `restore` has run once: until then the router waits and the app shows a loading state */
  const restored = ref(false)
  const restoring = ref(false)
  const me = computed<Me | null>(() => session.value?.me ?? null)
  /**
   * The session ended while a page was open (idle timeout, revoked): the page and what was typed
   * in it stay; a sign-in dialog over it (AppSessionExpired) lets the same user carry on.
   */
  const expired = ref(false)
  let restoreOnce: Promise<void> | undefined

  configureApi({ csrfToken: () => session.value?.csrfToken ?? null })

  /** Asks the server for the current session (cookie) once per page load; 401 just means "signed out". */
  function restore(): Promise<void> {
    restoreOnce ??= (async () => {
      restoring.value = true
      try {
        session.value = await apiGet<Session>('/api/auth/session')
      }
      catch (err) {
        if (!(err instanceof ApiError) || err.status !== 401)
          console.warn('session restore failed', err)
        session.value = null
      }
      finally {
        restoring.value = false
        restored.value = true
      }
    })()
    return restoreOnce
  }

  /** Throws `ApiError` (invalid_credentials 401, account_locked 423, rate_limited 429, …). */
  async function login(username: string, password: string): Promise<void> {
    session.value = await apiSend<Session>('POST', '/api/auth/login', { username, password })
    restored.value = true
    expired.value = false
  }

  /** A request answered 401 while signed in: keep the user (and the page) but not the dead token. */
  function markExpired(): void {
    if (session.value)
      session.value = { ...session.value, csrfToken: '' }
    expired.value = true
  }

  async function logout(): Promise<void> {
    try {
      await apiSend('POST', '/api/auth/logout')
    }
    finally {
      clear()
    }
  }

  /** Forgets the session locally (signed out, expired or revoked) and what was loaded with it. */
  function clear(): void {
    session.value = null
    expired.value = false
    // the grid detail was fetched in this user's scope (and may hold their 401): the next user reloads it
    useTerritoryStore().selectGrid(null)
  }

  const can = (action: UiAction) => roleCan(me.value?.role, action)

  return { session, me, expired, restored, restoring, restore, login, logout, clear, markExpired, can }
})
