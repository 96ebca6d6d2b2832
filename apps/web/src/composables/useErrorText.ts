import { useI18n } from 'vue-i18n'
import { ApiError } from './useApi'

export interface ErrorTextOptions {
  /** what a 404 means here, e.g. 未找到该查询码 on the tracking page */
  notFound?: string
}

/**
 * Turns an API failure into a sentence for the user, in the current UI language: by the server's
 * error kind, and for a 400 naming the field it concerns when we know its name (`body.description`
 * → 「问题描述」填写有误). Server messages (English, for developers) are the last resort.
 */
export function useErrorText(defaults: ErrorTextOptions = {}) {
  const { t, te } = useI18n()
  return (err: unknown, options: ErrorTextOptions = {}): string => {
    if (!(err instanceof ApiError) || err.kind === 'network')
      return t('errors.network')
    if (err.status === 404 && (options.notFound ?? defaults.notFound))
      return (options.notFound ?? defaults.notFound)!
    if (err.status >= 500 || err.kind === 'http')
      return t('errors.server', { status: err.status })
    if (err.status === 400 && err.kind === 'bad_request') {
      const field = err.details[0]?.field.split('.').find((part, i) => i > 0 && te(`errorFields.${part}`))
      if (field)
        return t('errors.badField', { field: t(`errorFields.${field}`) })
    }
    const key = `errors.${err.kind}`
    if (te(key))
      return t(key)
    return err.message
  }
}
