import type { CaseActionBody, CaseDetail } from '@gridgov/domain'
import type { Ref } from 'vue'
import type { LoadStatus } from '../stores/territory'
import { ElMessage } from 'element-plus'
import { ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, apiGet, apiSend, isAbort } from './useApi'
import { useErrorText } from './useErrorText'

/** An action as the dialogs build it; the version is added from the case on screen. */
export type CaseActionInput = Omit<CaseActionBody, 'version'>

/** `current` of a 409 illegal_transition / 412 stale_version answer: the case as it is now. */
function currentOf(err: unknown): CaseDetail | null {
  if (!(err instanceof ApiError) || (err.status !== 409 && err.status !== 412))
    return null
  const body = err.body as { current?: CaseDetail } | null
  return body?.current ?? null
}

/**
 * One case (`GET /api/cases/:id`) and its actions. An action names the version on screen; when
 * someone else changed the case first (412) or the step is no longer allowed (409), the case is
 * replaced by the server's `current` and the user is told — never silently retried.
 */
export function useCase(id: Ref<string | number | null>) {
  const { t } = useI18n()
  const errorText = useErrorText()
  const detail = shallowRef<CaseDetail | null>(null)
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<unknown>(null)
  const acting = ref(false)
  let abort: AbortController | undefined

  async function load(): Promise<void> {
    abort?.abort()
    if (id.value === null || id.value === '') {
      detail.value = null
      status.value = 'idle'
      return
    }
    const current = abort = new AbortController()
    status.value = 'loading'
    error.value = null
    try {
      detail.value = await apiGet<CaseDetail>(`/api/cases/${encodeURIComponent(id.value)}`, undefined, current.signal)
      status.value = 'ready'
    }
    catch (err) {
      if (isAbort(err))
        return
      error.value = err
      status.value = 'error'
    }
  }

  /**
   * Runs an action with the given `Idempotency-Key` (one per dialog submission, reused on retry).
   * Resolves true when it was applied; on failure the user has seen why.
   */
  async function act(input: CaseActionInput, idempotencyKey: string): Promise<boolean> {
    const c = detail.value
    if (!c)
      return false
    acting.value = true
    try {
      detail.value = await apiSend<CaseDetail>('POST', `/api/cases/${c.id}/actions`, { ...input, version: c.version }, { 'Idempotency-Key': idempotencyKey })
      ElMessage.success(t('cases.actionDone', { action: t(`caseAction.${input.action}`) }))
      return true
    }
    catch (err) {
      const current = currentOf(err)
      if (current)
        detail.value = current
      if (err instanceof ApiError && err.status === 412)
        ElMessage.warning(t('cases.stale'))
      else if (err instanceof ApiError && err.status === 409)
        ElMessage.warning(t('cases.illegal', { reason: err.message }))
      else
        ElMessage.error(errorText(err))
      return false
    }
    finally {
      acting.value = false
    }
  }

  watch(id, () => void load(), { immediate: true })

  return { detail, status, error, acting, load, act }
}
