import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

export type MessageSchema = typeof zhCN
export const LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = typeof LOCALES[number]

const STORAGE_KEY = 'gridgov.locale'

function initialLocale(): AppLocale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return (LOCALES as readonly string[]).includes(saved ?? '') ? saved as AppLocale : 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

/** Switches the UI language, remembers it, and keeps `<html lang>` in step (screen readers, fonts). */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
