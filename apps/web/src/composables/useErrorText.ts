import { useI18n } from 'vue-i18n'
import { ApiError } from './useApi'

/** Turns an API failure into a sentence for the user, in the current UI language. */
export function useErrorText() {
  const { t, te } = useI18n()
  return (err: unknown): string => {
    if (!(err instanceof ApiError))
      return t('errors.network')
    if (err.kind === 'network')
      return t('errors.network')
    const key = `errors.${err.kind}`
    if (err.status < 500 && te(key))
      return t(key)
    if (err.status >= 500 || err.kind === 'http')
      return t('errors.server', { status: err.status })
    return err.message
  }
}
