import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './locales'
import { router } from './router'
import 'element-plus/dist/index.css'
import 'leaflet/dist/leaflet.css'
import './styles/main.css'

document.documentElement.lang = i18n.global.locale.value

createApp(App)
  .use(createPinia())
  .use(i18n)
  .use(router)
  .mount('#app')
