import type { Ref } from 'vue'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from './useApi'
import { useErrorText } from './useErrorText'

/** Minutes left on a lockout: from `Retry-After`, else from the server's "locked for N min" detail. */
function lockMinutes(err: ApiError): number | null {
  if (err.retryAfterS)
    return Math.ceil(err.retryAfterS / 60)
  const m = /(\d+)\s*min/.exec(err.details[0]?.message ?? err.message)
  return m ? Number(m[1]) : null
}

/**
 * A failed sign-in, worded for a person at a login form: wrong name or password (and, before the
 * last try, that one more failure locks sign-in from this computer for N minutes), locked, too
 * many attempts. The same for every username, as the server answers.
 */
export function useLoginError(failure: Ref<unknown>) {
  const { t } = useI18n()
  const errorText = useErrorText()
  return computed(() => {
    const err = failure.value
    if (!err)
      return ''
    if (err instanceof ApiError) {
      if (err.kind === 'invalid_credentials') {
        const body = err.body as { attemptsLeft?: number, lockMinutes?: number } | null
        return body?.attemptsLeft === 1 && body.lockMinutes
          ? t('auth.lastTry', { n: body.lockMinutes })
          : t('auth.invalidCredentials')
      }
      if (err.kind === 'account_locked') {
        const n = lockMinutes(err)
        return n ? t('auth.locked', { n }) : t('auth.lockedNoTime')
      }
      if (err.kind === 'rate_limited')
        return t('auth.rateLimited')
    }
    return errorText(err)
  })
}
